#!/usr/bin/env bash
# Runs every test of the project on this host: prepares it (Docker engine, busybox image, promtool;
# see prepare-host.sh), builds the solution with warnings as errors, checks the golden exposition
# with promtool, runs the unit and the real-Docker integration tests, and ends with one line:
# "N passed, N failed, N skipped", summed over all test projects. Run as root.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
results="$repo/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

step() { printf '\n==> %s\n' "$*"; }

step "preparing the host"
bash tests/prepare-host.sh

step "building (Release, warnings as errors)"
dotnet build Exporter.sln -c Release -nologo -v quiet

step "promtool: the golden exposition, the rules and their unit tests, the scrape configs"
promtool check metrics < tests/DockerNetExporter.Tests/Golden/metrics.prom
promtool check rules deploy/prometheus/rules/dockernet.rules.yml
promtool test rules deploy/prometheus/tests/dockernet.rules.test.yml
promtool check config deploy/prometheus/prometheus.yml
promtool check config deploy/prometheus/prometheus-many-hosts.yml
promtool check config --syntax-only deploy/compose/prometheus.yml
promtool check config --syntax-only deploy/swarm/prometheus.yml

step "running the tests"
status=0
dotnet test Exporter.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# Sum the counters of every project's TRX report; a run that executed nothing shows as 0 passed.
passed=0 failed=0 skipped=0 reports=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  reports=$((reports + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value total) - $(value executed)))
done
if [ "$reports" -eq 0 ]; then
  echo "no test report was written" >&2
  status=1
fi
if [ "$passed" -eq 0 ] || [ "$failed" -gt 0 ]; then
  status=1
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"

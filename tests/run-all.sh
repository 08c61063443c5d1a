#!/usr/bin/env bash
# Runs every test of the project on this host: prepares it (Docker engine, busybox image, promtool;
# see prepare-host.sh), builds the solution with warnings as errors, checks that the committed rules and
# dashboard are generated from mixin/, checks the golden exposition with promtool, runs the unit and the real-Docker integration tests, and ends with one line:
# "N passed, N failed, N skipped", summed over all test projects and engines. Run as root.
#
# DOCKERNET_TEST_ENGINES chooses the Docker engines the real-Docker tests run against: 20.10 (the
# system's, which runs every test), 26 (a private Docker 26 daemon started beside it for this run and
# stopped after it, see tests/docker26.sh, which runs the integration tests with the trait
# Engine=any, see tests/DockerNetExporter.IntegrationTests/Infrastructure/EngineTrait.cs) or both,
# the default. Without 20.10 the unit tests still run.
set -euo pipefail

engines="${DOCKERNET_TEST_ENGINES:-both}"
case "$engines" in
  20.10 | 26 | both) ;;
  *) echo "DOCKERNET_TEST_ENGINES must be 20.10, 26 or both, not '$engines'" >&2; exit 2 ;;
esac
on() { [ "$engines" = both ] || [ "$engines" = "$1" ]; }
export DOCKERNET_TEST_ENGINES="$engines"

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

step "mixin: the committed rules and dashboard are what mixin/generate.sh makes of mixin/"
generated="$(mktemp -d)"
bash mixin/generate.sh "$generated"
for file in deploy/prometheus/rules/dockernet.rules.yml grafana/dashboards/dockernet.json; do
  diff -u "$file" "$generated/$file" || { echo "$file differs from the mixin's: run mixin/generate.sh and commit" >&2; rm -rf "$generated"; exit 1; }
done
rm -rf "$generated"
# Every alert's runbook_url anchor is a section of docs/runbook.md, and every section an alert.
diff <(grep -o 'runbook\.md#[a-z]*' deploy/prometheus/rules/dockernet.rules.yml | cut -d'#' -f2 | sort) \
  <(sed -n 's/^## //p' docs/runbook.md | tr '[:upper:]' '[:lower:]' | sort) ||
  { echo "alerts and docs/runbook.md's sections differ" >&2; exit 1; }

step "promtool: the golden exposition, the rules and their unit tests, the scrape configs"
promtool check metrics < tests/DockerNetExporter.Tests/Golden/metrics.prom
promtool check rules deploy/prometheus/rules/dockernet.rules.yml
promtool test rules deploy/prometheus/tests/dockernet.rules.test.yml
promtool check config deploy/prometheus/prometheus.yml
promtool check config deploy/prometheus/prometheus-many-hosts.yml
promtool check config --syntax-only deploy/compose/prometheus.yml
promtool check config --syntax-only deploy/swarm/prometheus.yml

status=0
test_options=(-c Release --no-build -nologo --logger "trx" --logger "console;verbosity=normal")
# The exporter toolkit's own web config test files are read in place, beside the project (shared/
# keeps peers' data unchanged, not to be copied in; see ToolkitWebConfigConformanceTests). Where
# they are not, the one class that reads them is left out, and said so here and at the end.
toolkit_testdata="${DOCKERNET_TOOLKIT_TESTDATA:-$repo/../shared/conformance/exporter-toolkit-web-testdata}"
conformance_filter=()
toolkit_note=""
if [ -d "$toolkit_testdata" ]; then
  export DOCKERNET_TOOLKIT_TESTDATA="$(cd "$toolkit_testdata" && pwd)"
else
  toolkit_note="not run: ToolkitWebConfigConformanceTests (no exporter toolkit test files at $toolkit_testdata; DOCKERNET_TOOLKIT_TESTDATA names them)"
  conformance_filter=(--filter "Data!=exporter-toolkit")
fi
if on 20.10; then
  step "running the unit tests and every integration test against Docker 20.10 (the system's)"
  [ -z "$toolkit_note" ] || echo "$toolkit_note"
  mkdir "$results/docker-20.10"
  dotnet test Exporter.sln "${test_options[@]}" "${conformance_filter[@]}" --results-directory "$results/docker-20.10" || status=$?
else
  step "running the unit tests"
  mkdir "$results/unit"
  dotnet test tests/DockerNetExporter.Tests "${test_options[@]}" --results-directory "$results/unit" || status=$?
fi

if on 26; then
  step "running the integration tests with the trait Engine=any against Docker 26 (a private daemon)"
  mkdir "$results/docker-26"
  docker26="$(mktemp -d /tmp/dn26-XXXXXX)"
  trap 'bash tests/docker26.sh stop "$docker26"' EXIT
  if bash tests/docker26.sh start "$docker26"; then
    bash tests/docker26.sh run "$docker26" dotnet test tests/DockerNetExporter.IntegrationTests "${test_options[@]}" \
      --filter "Engine=any" --results-directory "$results/docker-26" || status=$?
  else
    echo "Docker 26 did not start: its tests did not run" >&2
    status=1
  fi
fi

# Sum the counters of the TRX reports, pass by pass (each engine's, its projects'), then over all
# of them; a pass that wrote no report or passed nothing fails the run. The passes are the folders
# made above; others beside them hold what tests leave for people to look at (the page's screenshots).
passed=0 failed=0 skipped=0
shopt -s nullglob
echo
for pass in "$results"/{unit,docker-20.10,docker-26}/; do
  [ -d "$pass" ] || continue
  pass_passed=0 pass_failed=0 pass_skipped=0 reports=0
  for trx in "$pass"*.trx; do
    reports=$((reports + 1))
    counters="$(grep -o '<Counters [^>]*>' "$trx")"
    value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
    pass_passed=$((pass_passed + $(value passed)))
    pass_failed=$((pass_failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
    pass_skipped=$((pass_skipped + $(value total) - $(value executed)))
  done
  echo "$(basename "$pass"): $pass_passed passed, $pass_failed failed, $pass_skipped skipped ($reports reports)"
  if [ "$reports" -eq 0 ] || [ "$pass_passed" -eq 0 ]; then
    status=1
  fi
  passed=$((passed + pass_passed)) failed=$((failed + pass_failed)) skipped=$((skipped + pass_skipped))
done
if [ "$passed" -eq 0 ] || [ "$failed" -gt 0 ]; then
  status=1
fi
# Name every test that did not pass, with its message's first lines, here beside the totals: the
# console's own report of a failure scrolls away under the thousand lines after it.
if [ "$failed" -gt 0 ]; then
  echo
  for trx in "$results"/{unit,docker-20.10,docker-26}/*.trx; do
    awk -v pass="$(basename "$(dirname "$trx")")" '
      /<UnitTestResult / && !/outcome="(Passed|NotExecuted)"/ {
        match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11)
        match($0, /outcome="[^"]*"/); outcome = substr($0, RSTART + 9, RLENGTH - 10)
        print "not passed (" pass ", " outcome "): " name; in_result = 1; lines = 0; next }
      in_result && /<\/UnitTestResult>/ { in_result = 0; in_message = 0 }
      in_result && /<Message>/ { in_message = 1; sub(/.*<Message>/, "") }
      in_message && lines < 4 { text = $0; sub(/<\/Message>.*/, "", text); print "    " text; lines++ }
      in_message && /<\/Message>/ { in_message = 0 }
    ' "$trx" | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
  done
fi

[ -z "$toolkit_note" ] || ! on 20.10 || echo "$toolkit_note"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"

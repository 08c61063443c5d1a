#!/usr/bin/env bash
# What inbound connections cost the exporter, behind the default of --web.max-connections: its
# resident memory and descriptors with N idle connections open, and the scrapes it serves with K
# clients scraping at once, each over one kept-alive connection.
#   bash tests/DockerNetExporter.Benchmarks/measure-connections.sh
# The exporter (JIT build) runs on 127.0.0.1 without Docker, with a limit high enough for every
# connection; traffic: loopback only. About a minute.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d /tmp/dnconn.XXXXXX)"
port=19910
limit=20000
pids=()
log() { printf '[connections] %s\n' "$*" >&2; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

log "building the exporter"
dotnet publish "$repo/src/DockerNetExporter" -c Release -o "$work/bin" -nologo -v quiet >/dev/null
prlimit --nofile=$limit:$limit "$work/bin/DockerNetExporter" --web.listen-address=127.0.0.1:$port \
  --docker.host=unix:///nonexistent/docker.sock --web.max-connections=$((limit / 2)) --log.level=error &
exporter=$!
pids+=("$exporter")
value() { curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.2; done
sleep 2

echo "| idle connections | resident | added per connection | open descriptors |"
echo "| --- | --- | --- | --- |"
rest_kib=$(awk '/VmRSS/{print $2}' "/proc/$exporter/status")
echo "| 0 | $((rest_kib / 1024)) MiB | | $(value process_open_fds) |"
for n in 1000 4000 8000; do
  # A shell that opens n connections and holds them, sending nothing.
  bash -c "ulimit -n $limit; for i in \$(seq $n); do exec {fd}<>/dev/tcp/127.0.0.1/$port; done; sleep 600" &
  holder=$!
  pids+=("$holder")
  until [ "$(value dockernet_http_connections_open)" -ge "$n" ]; do sleep 0.5; done
  sleep 2
  kib=$(awk '/VmRSS/{print $2}' "/proc/$exporter/status")
  echo "| $n | $((kib / 1024)) MiB | $(( (kib - rest_kib) / n )) KiB | $(value process_open_fds) |"
  kill "$holder"
  wait "$holder" 2>/dev/null || true
  until [ "$(value dockernet_http_connections_open)" -le 1 ]; do sleep 0.5; done
done

echo
echo "| clients scraping at once | scrapes/s | p50 | p99 | failed | resident after |"
echo "| --- | --- | --- | --- | --- | --- |"
for k in 1 8 64 256; do
  # Each client: one curl making its requests back to back on one kept-alive connection (a new
  # connection per request would measure the host's ephemeral ports, not the exporter).
  per_client=$(( 4000 / k > 20 ? 4000 / k : 20 ))
  started=$(date +%s%N)
  # Each client writes its own file: the clients' lines would interleave in one.
  seq "$k" | xargs -P "$k" -I{} sh -c "curl -s -o /dev/null -w '%{stderr}%{http_code} %{time_total}\\n' \
    'http://127.0.0.1:$port/metrics?[1-$per_client]' 2> '$work/times.{}'" || true
  elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  cat "$work"/times.* > "$work/times"
  rm "$work"/times.*
  ok=$(awk '$1 == 200' "$work/times" | wc -l)
  failed=$(awk '$1 != 200' "$work/times" | wc -l)
  awk '$1 == 200 {print $2}' "$work/times" | sort -n > "$work/sorted"
  p50=$(awk -v n="$ok" 'NR == int(n * 0.5) + 1 {printf "%.1f ms", $1 * 1000}' "$work/sorted")
  p99=$(awk -v n="$ok" 'NR == int(n * 0.99) + 1 {printf "%.1f ms", $1 * 1000}' "$work/sorted")
  kib=$(awk '/VmRSS/{print $2}' "/proc/$exporter/status")
  echo "| $k | $((ok * 1000 / elapsed_ms)) | $p50 | $p99 | $failed | $((kib / 1024)) MiB |"
done

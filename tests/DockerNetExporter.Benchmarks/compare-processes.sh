#!/usr/bin/env bash
# Whole processes side by side on one host: docker-net-exporter and node_exporter's netdev
# collector, scraped alternately K times while N real containers run (spread over networks of at
# most 250 ports each). Prints medians and ranges, their ratio, the exporter's peak RSS and CPU
# time per scrape, and the delay from `docker run` returning to the container's series on /metrics.
#   sudo bash tests/DockerNetExporter.Benchmarks/compare-processes.sh [N containers] [K scrapes]
# Run as root on a host prepared by tests/prepare-host.sh. Traffic: none; scrapes go to 127.0.0.1.
set -euo pipefail

N="${1:-100}"
K="${2:-30}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
run="dnbench$$"
image="${DOCKERNET_TEST_IMAGE:-dockernet-busybox:test}"
docker=/usr/bin/docker
exporter_port=19900
node_port=19901
log() { printf '[compare] %s\n' "$*" >&2; }

bash "$repo/tests/prepare-host.sh"
command -v prometheus-node-exporter >/dev/null 2>&1 || {
  log "installing prometheus-node-exporter"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus-node-exporter >/dev/null
}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  ids="$($docker ps -aq --filter "label=dockernet.bench=$run")"
  [ -z "$ids" ] || $docker rm -f $ids >/dev/null
  nets="$($docker network ls -q --filter "label=dockernet.bench=$run")"
  # An endpoint can outlive `docker rm -f` by a moment.
  [ -z "$nets" ] || $docker network rm $nets >/dev/null || { sleep 3; $docker network rm $nets >/dev/null; }
}
trap cleanup EXIT

networks=$(( (N + 249) / 250 ))
for n in $(seq 1 "$networks"); do $docker network create --label "dockernet.bench=$run" "$run-net$n" >/dev/null; done
log "starting $N containers on $networks networks"
started=$(date +%s)
seq 1 "$N" | xargs -P 4 -I{} sh -c "$docker run -d --label dockernet.bench=$run --network $run-net\$(( ({} - 1) / 250 + 1 )) --name $run-c{} $image sleep 36000 >/dev/null"
log "started in $(( $(date +%s) - started )) s"

dotnet build "$repo/src/DockerNetExporter" -c Release -nologo -v quiet
"$repo/src/DockerNetExporter/bin/Release/net10.0/DockerNetExporter" --web.listen-address=127.0.0.1:$exporter_port --log.level=warn &
pids+=($!); exporter_pid=$!
prometheus-node-exporter --web.listen-address=127.0.0.1:$node_port --collector.disable-defaults --collector.netdev >/dev/null 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  have=$(curl -s "http://127.0.0.1:$exporter_port/metrics" | awk '/^dockernet_topology_containers /{print $2}' || true)
  [ "${have:-0}" -ge "$N" ] && break
  sleep 1
done
log "exporter sees ${have:-0} containers"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$exporter_pid/stat"; }
scrape() { curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$1/metrics"; }
: > /tmp/$run-exporter.times; : > /tmp/$run-node.times
ticks_before=$(cpu_ticks)
for _ in $(seq 1 "$K"); do
  scrape $exporter_port >> /tmp/$run-exporter.times
  scrape $node_port >> /tmp/$run-node.times
done
ticks_after=$(cpu_ticks)

stats() { sort -n "$1" | awk '{a[NR]=$1} END {printf "median %.2f ms, min %.2f ms, max %.2f ms", a[int((NR+1)/2)]*1000, a[1]*1000, a[NR]*1000}'; }
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "containers: $N, scrapes: $K each"
echo "docker-net-exporter: $(stats /tmp/$run-exporter.times)"
echo "node_exporter netdev: $(stats /tmp/$run-node.times)"
awk -v e="$(median /tmp/$run-exporter.times)" -v n="$(median /tmp/$run-node.times)" 'BEGIN {printf "ratio of medians (exporter / node_exporter): %.2f\n", e / n}'
echo "exporter peak RSS: $(awk '/VmHWM/{print $2, $3}' /proc/$exporter_pid/status)"
awk -v t=$(( ticks_after - ticks_before )) -v k="$K" 'BEGIN {printf "exporter CPU per scrape: %.1f ms\n", t * 10 / k}'

# From docker run returning to the container's series on /metrics, polled every 10 ms.
: > /tmp/$run-delays
for i in $(seq 1 10); do
  name="$run-late$i"
  $docker run -d --label "dockernet.bench=$run" --network "$run-net1" --name "$name" "$image" sleep 36000 >/dev/null
  start=$(date +%s%N)
  # grep -c reads to the end: grep -q would close the pipe early, and pipefail would take curl's SIGPIPE for a miss.
  until [ "$(curl -s "http://127.0.0.1:$exporter_port/metrics" | grep -c "dockernet_container_receive_bytes_total{container=\"$name\"")" -gt 0 ]; do sleep 0.01; done
  echo $(( ($(date +%s%N) - start) / 1000000 )) >> /tmp/$run-delays
done
echo "docker run to series: $(sort -n /tmp/$run-delays | awk '{a[NR]=$1} END {printf "p50 %d ms, max %d ms (10 containers)", a[int((NR+1)/2)], a[NR]}')"
rm -f /tmp/$run-*.times /tmp/$run-delays

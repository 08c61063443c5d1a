#!/usr/bin/env bash
# Docker 26 for the test suite, next to the system's Docker 20.10 (which it never touches).
#
#   fetch          downloads Debian trixie's docker.io, docker-cli and containerd debs once (apt-get
#                  download with a trixie source list kept apart from the system's, from the system's
#                  own Debian mirror) and unpacks them with dpkg-deb -x into the cache
#                  (/var/cache/dockernet-tests/docker26; DOCKERNET_TEST_CACHE moves it). A second
#                  fetch finds the tree and downloads nothing. A failed download is an error.
#   start DIR      starts a private Docker 26 in DIR (an empty directory with a short path): its own
#                  containerd (state, root and socket in DIR), its own dockerd (data root, exec root,
#                  pidfile, socket in DIR; vfs; no iptables) with a default bridge made here, and the
#                  test image copied into it from the system's engine. runc is the system's (trixie's
#                  needs a newer glibc than Debian 12's).
#   run DIR CMD..  runs CMD against it: DOCKER_HOST its socket, DOCKERNET_TEST_DOCKER_CLI its client,
#                  its dockerd and containerd first on PATH.
#   stop DIR       stops what start started, by the PIDs it wrote, removes its containers, networks,
#                  bridge, firewall rule and mounts, and DIR. Safe after a start that failed halfway.
# Must run as root.
set -euo pipefail

CACHE="${DOCKERNET_TEST_CACHE:-/var/cache/dockernet-tests}/docker26"
ROOT="$CACHE/root"
IMAGE="${DOCKERNET_TEST_IMAGE:-dockernet-busybox:test}"

# The networks of the private daemon come from this pool, which Docker 20.10 never allocates from.
# With --iptables=false the daemon adds no rule of its own, and 20.10's FORWARD policy (DROP, seen by
# bridged traffic through br_netfilter) would drop the traffic between its containers: one rule
# lets bridged traffic within the pool through, so its containers reach each other on a network
# and, as with Docker's own rules, not across networks.
POOL=10.226.0.0/16

log() { printf '[docker26] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# The system's Debian mirror (sources.list or deb822 .sources), not its security archive.
debian_mirror() {
  local uri
  uri="$( {
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; break } }'
    grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ for (i = 2; i <= NF; i++) print $i }'
  } | grep -v security | grep -E '/debian/?$' | head -n 1 || true)"
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

# A subshell, so that the lock (held against a concurrent fetch) is not inherited by the daemons.
fetch() (
  mkdir -p "$CACHE"
  exec 9>"$CACHE/lock"
  flock 9
  if [ -x "$ROOT/usr/sbin/dockerd" ]; then
    return
  fi
  local mirror apt work
  mirror="$(debian_mirror)"
  work="$CACHE/download"
  rm -rf "$work" "$ROOT.new"
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' "$mirror" >"$work/sources.list"
  apt=(-o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root -qq)
  log "downloading Docker 26 (trixie's docker.io, docker-cli, containerd) from $mirror"
  apt-get "${apt[@]}" --error-on=any update || die "could not read trixie's package lists from $mirror"
  (cd "$work/debs" && apt-get "${apt[@]}" download docker.io/trixie docker-cli/trixie containerd/trixie) ||
    die "could not download trixie's docker.io, docker-cli and containerd from $mirror"
  for deb in "$work"/debs/*.deb; do
    dpkg-deb -x "$deb" "$ROOT.new"
  done
  "$ROOT.new/usr/sbin/dockerd" --version | grep -q '^Docker version 26\.' ||
    die "trixie's dockerd is not Docker 26: $("$ROOT.new/usr/sbin/dockerd" --version)"
  mv "$ROOT.new" "$ROOT"
  rm -rf "$work"
  log "unpacked $("$ROOT/usr/sbin/dockerd" --version) into $ROOT"
)

# The system's client (Debian's, as prepare-host.sh uses it).
system_docker() {
  if [ -x /usr/bin/docker ]; then /usr/bin/docker "$@"; else docker "$@"; fi
}

docker26() { "$ROOT/usr/bin/docker" -H "unix://$dir/docker.sock" "$@"; }

# Its dockerd, containerd and shims first; runc is the system's.
PATH26="$ROOT/usr/sbin:$ROOT/usr/bin:$PATH"

forward_rule() {
  iptables "$1" FORWARD -m physdev --physdev-is-bridged -s "$POOL" -d "$POOL" -m comment --comment "dockernet-tests docker26 $dir" -j ACCEPT
}

# Waits up to 60 s for a command to succeed.
wait_for() {
  local what="$1"
  shift
  for _ in $(seq 1 120); do
    "$@" >/dev/null 2>&1 && return
    sleep 0.5
  done
  die "$what did not answer within 60 s; its log: $(tail -n 20 "$dir/$what.log")"
}

start() {
  [ -d "$dir" ] || die "no directory $dir"
  fetch
  local bridge="dn26${dir: -6}"
  bridge="${bridge//[^a-zA-Z0-9]/x}"
  echo "$bridge" >"$dir/bridge"
  ip link add "$bridge" type bridge
  ip link set "$bridge" up
  forward_rule -I
  touch "$dir/forward-rule"

  cat >"$dir/containerd.toml" <<EOF
version = 2
root = "$dir/containerd/root"
state = "$dir/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$dir/containerd.sock"
[ttrpc]
  address = "$dir/containerd.sock.ttrpc"
[debug]
  address = "$dir/containerd-debug.sock"
EOF
  # Started directly (no function, no subshell), so that $! is the daemon's own PID.
  PATH="$PATH26" nohup "$ROOT/usr/bin/containerd" --config "$dir/containerd.toml" >"$dir/containerd.log" 2>&1 &
  echo $! >"$dir/containerd.pid"
  wait_for containerd "$ROOT/usr/bin/ctr" --address "$dir/containerd.sock" version

  PATH="$PATH26" nohup "$ROOT/usr/sbin/dockerd" --containerd="$dir/containerd.sock" \
    --data-root="$dir/data" --exec-root="$dir/exec" --pidfile="$dir/docker.pid" --host="unix://$dir/docker.sock" \
    --storage-driver=vfs --bridge="$bridge" --iptables=false --ip-masq=false \
    --default-address-pool "base=$POOL,size=24" >"$dir/dockerd.log" 2>&1 &
  echo $! >"$dir/dockerd.pid"
  wait_for dockerd docker26 version

  system_docker save "$IMAGE" | docker26 load -q >/dev/null
  log "ready in $dir: $(docker26 version --format 'docker {{.Server.Version}} (API {{.Server.APIVersion}}), containerd {{range .Server.Components}}{{if eq .Name "containerd"}}{{.Version}}{{end}}{{end}}, runc {{range .Server.Components}}{{if eq .Name "runc"}}{{.Version}}{{end}}{{end}}')"
}

run() {
  DOCKER_HOST="unix://$dir/docker.sock" DOCKERNET_TEST_DOCKER_CLI="$ROOT/usr/bin/docker" PATH="$PATH26" "$@"
}

# Ends the process whose PID start wrote in DIR/NAME.pid, if it is still the program start ran.
stop_process() {
  local name="$1" program="$2" pid
  [ -f "$dir/$name.pid" ] || return 0
  pid="$(cat "$dir/$name.pid")"
  [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$program" ] || return 0
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    [ -e "/proc/$pid" ] || return 0
    sleep 0.5
  done
  log "$name (PID $pid) did not stop within 30 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  [ -d "$dir" ] || return 0
  if docker26 version >/dev/null 2>&1; then
    local containers
    mapfile -t containers < <(docker26 ps -aq)
    [ "${#containers[@]}" -eq 0 ] || docker26 rm -f "${containers[@]}" >/dev/null || true
    docker26 network prune -f >/dev/null || true
  fi
  stop_process dockerd "$ROOT/usr/sbin/dockerd"
  stop_process containerd "$ROOT/usr/bin/containerd"
  if [ -f "$dir/forward-rule" ]; then
    forward_rule -D || true
  fi
  if [ -f "$dir/bridge" ]; then
    ip link del "$(cat "$dir/bridge")" 2>/dev/null || true
  fi
  # dockerd and containerd bind-mount under their roots; deepest first.
  awk -v dir="$dir" 'index($2, dir "/") == 1 { print length($2), $2 }' /proc/self/mounts | sort -rn | cut -d' ' -f2- |
    while read -r mount; do umount -l "$mount" || true; done
  rm -rf "$dir"
}

[ "$(id -u)" -eq 0 ] || die "must run as root"
command="${1:-}"
case "$command" in
  fetch) fetch ;;
  start | stop) [ $# -eq 2 ] || die "usage: $0 $command DIR"; dir="$2"; "$command" ;;
  run) [ $# -ge 3 ] || die "usage: $0 run DIR COMMAND..."; dir="$2"; shift 2; run "$@" ;;
  *) die "usage: $0 fetch | start DIR | run DIR COMMAND... | stop DIR" ;;
esac

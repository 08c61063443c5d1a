#!/usr/bin/env bash
# Prepares this host for the test suite: installs the Docker engine, Podman, busybox,
# promtool, jsonnet, gcc, Graphviz, debootstrap, systemd-nspawn, chromium and chromium-driver from Debian's packages, starts dockerd
# when none answers, and makes the local busybox image the integration tests run, in
# Docker and in Podman (no registry is needed).
# When DOCKERNET_TEST_ENGINES asks for Docker 26 (26 or both, the default), also fetches it once
# into a cache (tests/docker26.sh fetch; a download that fails is an error).
# Idempotent: a second run only checks. Must run as root.
set -euo pipefail

IMAGE="${DOCKERNET_TEST_IMAGE:-dockernet-busybox:test}"
log() { printf '[prepare-host] %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (it installs packages and starts dockerd)"; exit 1
fi

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
# The image needs a statically linked busybox (it has no libc).
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
# run-all.sh regenerates the rules and the dashboard from mixin/ to compare them with the committed ones.
command -v jsonnet >/dev/null 2>&1 || need+=(jsonnet)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
# The systemd tests boot a Debian tree (debootstrap, cached under /var/cache/dockernet-tests) in systemd-nspawn.
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v systemd-nspawn >/dev/null 2>&1 || need+=(systemd-container)
command -v podman >/dev/null 2>&1 || need+=(podman)
# The protocol tests build a static helper (SocketStall.c) with gcc -static: libc.a is libc6-dev's.
command -v gcc >/dev/null 2>&1 || need+=(gcc)
dpkg -s libc6-dev >/dev/null 2>&1 || need+=(libc6-dev)
# The topology tests render topology --output=dot with Graphviz's dot -Tsvg.
command -v dot >/dev/null 2>&1 || need+=(graphviz)
# The page tests drive Debian's headless Chromium through its chromedriver (Selenium); nothing is downloaded.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Debian's docker.io puts its client in /usr/bin; prefer it over any other
# client on PATH so client and daemon versions agree.
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER="$(command -v docker)"

if ! "$DOCKER" info >/dev/null 2>&1; then
  log "starting dockerd (vfs storage driver, log in /var/log/dockerd-tests.log)"
  # A session of its own: the engine outlives the shell or job that started it (a process-group kill included).
  setsid nohup dockerd --storage-driver=vfs >/var/log/dockerd-tests.log 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    "$DOCKER" info >/dev/null 2>&1 && break
    sleep 1
  done
  "$DOCKER" info >/dev/null 2>&1 || { log "dockerd did not answer within 60 s; see /var/log/dockerd-tests.log"; exit 1; }
fi

# The busybox tree, made once, imported into whichever engine lacks the image.
root=""
busybox_tree() {
  if [ -z "$root" ]; then
    root="$(mktemp -d)"
    trap 'rm -rf "$root"' EXIT
    mkdir -p "$root/bin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    for applet in $("$root/bin/busybox" --list); do
      [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
    done
  fi
  tar -C "$root" -c .
}

if ! "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
  log "building image $IMAGE from /bin/busybox with docker import"
  busybox_tree | "$DOCKER" import -c 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
fi
# Podman names a local image localhost/NAME.
if ! podman image exists "localhost/$IMAGE"; then
  log "building image localhost/$IMAGE from /bin/busybox with podman import"
  busybox_tree | podman import -c 'CMD ["/bin/sh"]' - "localhost/$IMAGE" >/dev/null
fi
case "${DOCKERNET_TEST_ENGINES:-both}" in
  26 | both) bash "$(dirname "${BASH_SOURCE[0]}")/docker26.sh" fetch ;;
esac
log "ready: $("$DOCKER" version --format 'docker {{.Server.Version}} (API {{.Server.APIVersion}})'), $(podman --version), image $IMAGE"

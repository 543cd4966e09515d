#!/usr/bin/env bash
# Private, throwaway Docker engines for hullcheck's integration tests.
#
#   engine.sh ensure-installed  install docker.io, busybox-static, libxml2-utils and chromium (Debian)
#                               where dockerd, busybox, xmllint or chromium is missing
#   engine.sh start DIR [ARG...]  start a dockerd whose socket, data and state all live under DIR,
#                               and import the base image hullcheck-test/busybox:1 into it;
#                               ARGs go to dockerd (audit tests start engines with risky flags or TLS)
#   engine.sh stop DIR          stop that dockerd and undo the mounts it left under DIR
#   engine.sh reap              stop and delete engines left by test runs that were killed
#
# The engine listens on unix://DIR/docker.sock only: it never touches /var/run/docker.sock
# or /var/lib/docker. Needs root. No image is pulled; nothing is ever started (only created).
set -euo pipefail

IMAGE=hullcheck-test/busybox:1
START_TIMEOUT=${HULLCHECK_ENGINE_START_TIMEOUT:-60}
REAP_GLOB="${TMPDIR:-/tmp}/hullcheck-engine.*"

say() { echo "engine.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# alive PID PATTERN: the process runs (is not a zombie) and its command line contains PATTERN.
alive() {
  local cmdline
  [[ $1 =~ ^[0-9]+$ ]] && cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") && [[ -n $cmdline && $cmdline == *"$2"* ]]
}

# pid_from FILE PATTERN: prints the pid in FILE when that process is alive and matches PATTERN.
pid_from() {
  local pid
  [[ -f $1 ]] && pid=$(<"$1") && alive "$pid" "$2" && echo "$pid"
}

# wait_gone PID PATTERN SECONDS
wait_gone() {
  local deadline=$((SECONDS + $3))
  while alive "$1" "$2"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

ensure_installed() {
  local missing=()
  command -v dockerd >/dev/null && command -v docker >/dev/null || missing+=(docker.io)
  command -v busybox >/dev/null || missing+=(busybox-static)
  # xmllint validates the JUnit report against its schema in test/report/junit.test.ts.
  command -v xmllint >/dev/null || missing+=(libxml2-utils)
  # test/browser/ opens the HTML report in Debian's chromium through playwright-core.
  command -v chromium >/dev/null || missing+=(chromium)
  ((${#missing[@]} > 0)) || return 0
  [[ $(id -u) == 0 ]] || die "${missing[*]} missing and installing needs root"
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

start() {
  [[ $(id -u) == 0 ]] || die "a private dockerd needs root"
  mkdir -p "$1"
  local dir begin host log pid why
  dir=$(cd "$1" && pwd)
  shift
  begin=${EPOCHREALTIME/./}
  host=unix://$dir/docker.sock
  log=$dir/dockerd.log
  if ! pid=$(pid_from "$dir/docker.pid" "$host"); then
    stop "$dir" # clears pid files and mounts a killed engine left behind
    dockerd --iptables=false --ip-forward=false --bridge=none --storage-driver=vfs \
      -H "$host" --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" "$@" \
      </dev/null >"$log" 2>&1 &
    pid=$!
  fi
  local deadline=$((SECONDS + START_TIMEOUT))
  until docker -H "$host" version >/dev/null 2>&1; do
    if ! alive "$pid" dockerd || ((SECONDS >= deadline)); then
      alive "$pid" dockerd && why="did not answer within ${START_TIMEOUT}s" || why="exited during startup"
      say "dockerd at $host $why; last lines of $log:"
      tail -n 25 "$log" >&2
      alive "$pid" dockerd && kill -TERM "$pid" && wait_gone "$pid" dockerd 20 || true
      stop "$dir"
      exit 1
    fi
    sleep 0.1
  done
  if ! docker -H "$host" image inspect "$IMAGE" >/dev/null 2>&1; then
    local rootfs=$dir/rootfs app
    rm -rf "$rootfs" && mkdir -p "$rootfs/bin"
    cp "$(command -v busybox)" "$rootfs/bin/busybox"
    for app in sh cat echo env id ls sleep; do ln -s busybox "$rootfs/bin/$app"; done
    tar -C "$rootfs" -c . |
      docker -H "$host" import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
  fi
  say "engine ready at $host in $(((${EPOCHREALTIME/./} - begin) / 1000)) ms (dockerd pid $pid)"
}

stop() {
  local dir pid
  dir=$(cd "$1" 2>/dev/null && pwd) || return 0
  if pid=$(pid_from "$dir/docker.pid" "unix://$dir/docker.sock"); then
    kill -TERM "$pid"
    if ! wait_gone "$pid" dockerd 20; then
      say "dockerd $pid did not stop within 20s; killing it"
      kill -KILL "$pid" && wait_gone "$pid" dockerd 5 || true
    fi
  fi
  # containerd exits with dockerd; kill a straggler, then drop pid files a killed engine left.
  if pid=$(pid_from "$dir/exec/containerd/containerd.pid" "$dir/exec/containerd"); then
    kill -KILL "$pid" && wait_gone "$pid" containerd 5 || true
  fi
  rm -f "$dir/docker.pid" "$dir/exec/containerd/containerd.pid"
  # dockerd bind-mounts its data root onto itself; a killed one leaves that mount behind.
  awk -v prefix="$dir/" 'index($2, prefix) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r mount; do umount "$mount" || umount -l "$mount"; done
}

# Engines from scripts/test.sh runs carry the test run's pid in DIR/owner.
reap() {
  local dir owner
  for dir in $REAP_GLOB; do
    [[ -f $dir/owner ]] || continue
    owner=$(<"$dir/owner")
    alive "$owner" "" && continue
    say "removing the engine of killed test run $owner in $dir"
    stop "$dir"
    rm -rf "$dir"
  done
}

case "${1:-}" in
  ensure-installed) ensure_installed ;;
  start) [[ -n ${2:-} ]] || die "usage: engine.sh start DIR [DOCKERD-ARG...]"; shift; start "$@" ;;
  stop) [[ -n ${2:-} ]] || die "usage: engine.sh stop DIR"; stop "$2" ;;
  reap) reap ;;
  *) die "usage: engine.sh ensure-installed | start DIR | stop DIR | reap" ;;
esac

#!/usr/bin/env bash
# Does the launcher's first stop, which writes the class archive (AppCDS on JDK 17-24, an AOT cache on 25+), fit
# in the systemd unit's MemoryMax? Runs bin/camel-ota's first start inside a cgroup-v1 memory cgroup with the given
# limit, lets it answer one poll (a loopback 304), stops it, and reports the launcher's exit, the cgroup's peak,
# its OOM kills and whether the archive was written. Needs root and /sys/fs/cgroup/memory (cgroup v1).
#
#   bench/archive-memory.sh 192 320                    # limits in MiB, on java from PATH
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/archive-memory.sh 192 320
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ -f $REPO/target/camel-ota.jar ]] || { echo "archive-memory: build first (mvn -q -DskipTests package)" >&2; exit 1; }
[[ -w /sys/fs/cgroup/memory ]] || { echo "archive-memory: needs root and cgroup v1 (/sys/fs/cgroup/memory)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/camel-ota-amem.XXXXXX")
SERVER_PID=
cleanup() {
    [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
python3 "$REPO/bench/bundle-server.py" 0 >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
for ((i = 0; i < 100; i++)); do grep -q '^ready' "$TMP/server.out" && break; sleep 0.1; done
PORT=$(awk '/^ready/ {print $2}' "$TMP/server.out")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
for lim in "$@"; do
    d=$TMP/limit-$lim
    mkdir -p "$d"
    cg=/sys/fs/cgroup/memory/camel-ota-amem-$lim-$$
    mkdir "$cg"
    echo $((lim * 1024 * 1024)) >"$cg/memory.limit_in_bytes"
    opts="-Dota.data_dir=$d/data -Dupdate.poll_on_start=true -Dupdate.url=http://127.0.0.1:$PORT/not-modified"
    opts="$opts -Dupdate.interval=3600 -Dboot.reboot_mode=none -Dota.http.host=127.0.0.1 -Dota.http.port=$(free_port)"
    # the launcher joins the cgroup before it starts anything, so the JVMs it runs are inside too
    CAMEL_OTA_CDS_DIR=$d CAMEL_OTA_JAVA_OPTS=$opts sh -c 'echo $$ >"$1/cgroup.procs"; exec "$2/bin/camel-ota"' _ "$cg" "$REPO" \
        >"$d/log" 2>&1 &
    launcher=$!
    for ((i = 0; i < 600; i++)); do grep -q 'update success: Not Modified' "$d/log" && break; sleep 0.1; done
    pkill -TERM -f "ota.data_dir=$d/data" || true
    rc=0
    wait "$launcher" || rc=$?
    peak=$(($(cat "$cg/memory.max_usage_in_bytes") / 1048576))
    kills=$(awk '/^oom_kill / {print $2}' "$cg/memory.oom_control")
    archive=$(cd "$d" && ls camel-ota-*.jsa camel-ota-*.aot 2>/dev/null || true)
    echo "MemoryMax ${lim}M: launcher exit $rc, cgroup peak $peak MiB, OOM kills ${kills:-?}, archive: ${archive:-none}"
    rmdir "$cg" 2>/dev/null || true
done

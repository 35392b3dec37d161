#!/usr/bin/env bash
# Narrow bench for figure 4 of run-all.sh (memory), to see what each JVM flag buys: per variant, the RSS at rest
# after the first poll's answer (+ BENCH_SETTLE_S) and the peak RSS (VmHWM) over a BENCH_PEAK_MB install.
#
#   bench/memory-bench.sh 'shipped=' 'xms=-Xms16m' 'trim=-XX:TrimNativeHeapInterval=10000'   # NAME=JVM options
#
# The agent runs through bin/camel-ota (its flags, then the variant's options; CAMEL_OTA_JAVA_OPTS semantics);
# every variant first runs once untimed to write its class-data archive. Loopback only; temp dir removed at the end.
set -euo pipefail
BENCH_PEAK_MB=${BENCH_PEAK_MB:-1024}
BENCH_SETTLE_S=${BENCH_SETTLE_S:-10}
BENCH_ROUNDS=${BENCH_ROUNDS:-2}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ -f $REPO/target/camel-ota.jar ]] || { echo "memory-bench: build first" >&2; exit 1; }
(($# > 0)) || set -- 'shipped='
TMP=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/camel-ota-mbench.XXXXXX")
SERVER_PID=
AGENT_PID=
cleanup() {
    [[ -n $AGENT_PID ]] && { kill -KILL "$AGENT_PID" 2>/dev/null || true; wait "$AGENT_PID" 2>/dev/null || true; }
    [[ -n $SERVER_PID ]] && { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
    rm -rf "$TMP"
}
trap cleanup EXIT
python3 "$REPO/bench/bundle-server.py" 0 "$BENCH_PEAK_MB" >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
for ((i = 0; i < 1200; i++)); do grep -q '^ready' "$TMP/server.out" && break; sleep 0.1; done
BASE=http://127.0.0.1:$(awk '/^ready/ {print $2}' "$TMP/server.out")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# run VARIANT URL PATTERN SETTLE [options]: sets RSS_KB (after PATTERN + SETTLE s) and HWM_KB
run() {
    local variant=$1 url=$2 pattern=$3 settle=$4 log=$TMP/$1.log
    shift 4
    rm -rf "$TMP/data"
    : >"$log"
    local opts="-Dota.data_dir=$TMP/data -Dupdate.url=$url -Dupdate.interval=3600 -Dupdate.poll_on_start=true"
    opts="$opts -Dboot.reboot_mode=none -Dota.http.host=127.0.0.1 -Dota.http.port=$(free_port) $*"
    CAMEL_OTA_CDS=$TMP/cds-$variant.jsa CAMEL_OTA_JAVA_OPTS="$opts" "$REPO/bin/camel-ota" >"$log" 2>&1 &
    AGENT_PID=$!
    for ((i = 0; i < 6000; i++)); do
        grep -q -- "$pattern" "$log" && break
        grep -q 'update error:' "$log" && { tail -5 "$log" >&2; exit 1; }
        sleep 0.05
    done
    sleep "$settle"
    RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$AGENT_PID/status")
    HWM_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$AGENT_PID/status")
    kill -TERM "$AGENT_PID"
    wait "$AGENT_PID" 2>/dev/null || true
    AGENT_PID=
}
for v in "$@"; do
    # shellcheck disable=SC2086
    run "${v%%=*}" "$BASE/not-modified" 'update success: Not Modified' 0 ${v#*=} # writes the archive
done
declare -A IDLE PEAK
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
    for v in "$@"; do
        name=${v%%=*}
        # shellcheck disable=SC2086
        run "$name" "$BASE/not-modified" 'update success: Not Modified' "$BENCH_SETTLE_S" ${v#*=}
        IDLE[$name]="${IDLE[$name]:-} $((RSS_KB / 1024))"
        # shellcheck disable=SC2086
        run "$name" "$BASE/fw-$BENCH_PEAK_MB.zip" 'update success: Update applied' 0 ${v#*=}
        PEAK[$name]="${PEAK[$name]:-} $((HWM_KB / 1024))"
        echo "round $r $name: idle RSS $((${IDLE[$name]##* })) MiB, peak RSS ${PEAK[$name]##* } MiB" >&2
    done
done
for v in "$@"; do
    name=${v%%=*}
    echo "$name: idle RSS MiB:${IDLE[$name]}; peak RSS (${BENCH_PEAK_MB} MiB install) MiB:${PEAK[$name]}"
done

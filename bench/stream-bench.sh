#!/usr/bin/env bash
# Narrow bench for figure 1 of run-all.sh (the streaming loop), to compare JVM option sets or builds quickly:
# rounds of `curl -o` then one install per variant (read-back off, no checkpoint), each variant's download+write
# phase divided by the curl of its round; prints per variant the median ratio (min-max) and median ms.
#
#   bench/stream-bench.sh 'base=' 'cc3=-XX:CICompilerCount=3'      # NAME=JVM options (after the launcher's)
#   bench/stream-bench.sh 'old=@/tmp/old.jar' 'new='               # NAME=@JAR [options]: another build
#   BENCH_ROUNDS=7 BENCH_MB=256 BENCH_VERIFY=1 bench/stream-bench.sh 'x='   # VERIFY=1: figure 2 (whole install,
#                                                                   # default read-back) against curl -o && sync
# The agent runs through bin/camel-ota with a class-data archive made by a first (untimed) run.
# Loopback only; the temp dir is removed at the end (BENCH_KEEP=1 keeps it).
set -euo pipefail
BENCH_MB=${BENCH_MB:-256}
BENCH_ROUNDS=${BENCH_ROUNDS:-5}
BENCH_VERIFY=${BENCH_VERIFY:-0}
BENCH_KEEP=${BENCH_KEEP:-0}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$REPO/target/camel-ota.jar
[[ -f $JAR ]] || { echo "stream-bench: build first (mvn -q -DskipTests package)" >&2; exit 1; }
(($# > 0)) || set -- 'shipped='
TMP=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/camel-ota-sbench.XXXXXX")
SERVER_PID=
AGENT_PID=
cleanup() {
    [[ -n $AGENT_PID ]] && { kill -KILL "$AGENT_PID" 2>/dev/null || true; wait "$AGENT_PID" 2>/dev/null || true; }
    [[ -n $SERVER_PID ]] && { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
    if [[ $BENCH_KEEP == 1 ]]; then echo "kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
python3 "$REPO/bench/bundle-server.py" 0 "$BENCH_MB" >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
for ((i = 0; i < 600; i++)); do grep -q '^ready' "$TMP/server.out" && break; sleep 0.1; done
URL=http://127.0.0.1:$(awk '/^ready/ {print $2}' "$TMP/server.out")/fw-$BENCH_MB.zip
now_ns() { date +%s%N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# install VARIANT NAME [options]: one install; prints the phase in ms (each variant has its class-data archive)
install() {
    local variant=$1 name=$2 log=$TMP/$2.log jar=$JAR
    shift 2
    if [[ ${1:-} == @* ]]; then jar=${1#@}; shift; fi
    rm -rf "$TMP/data"
    local opts="-Dota.data_dir=$TMP/data -Dupdate.url=$URL -Dupdate.interval=3600 -Dupdate.poll_on_start=true"
    opts="$opts -Dboot.reboot_mode=none -Dota.http.host=127.0.0.1 -Dota.http.port=$(free_port)"
    [[ $BENCH_VERIFY == 1 ]] || opts="$opts -Dflash.read_back_verify=false -Dupdate.checkpoint_bytes=1099511627776"
    : >"$log"
    CAMEL_OTA_JAR=$jar CAMEL_OTA_CDS=$TMP/cds-$variant.jsa CAMEL_OTA_JAVA_OPTS="$opts $*" "$REPO/bin/camel-ota" >"$log" 2>&1 &
    AGENT_PID=$!
    for ((i = 0; i < 3000; i++)); do
        grep -q 'update success: Update applied\|update error:' "$log" && break
        kill -0 "$AGENT_PID" 2>/dev/null || break
        sleep 0.05
    done
    kill -TERM "$AGENT_PID" 2>/dev/null || true
    wait "$AGENT_PID" 2>/dev/null || true
    AGENT_PID=
    grep -q 'update success: Update applied' "$log" || { tail -20 "$log" >&2; echo "stream-bench: $name failed" >&2; exit 1; }
    if [[ $BENCH_VERIFY == 1 ]]; then
        python3 "$REPO/bench/figures.py" between "$log" 'update progress: Downloading' 'update success: Update applied'
    else
        python3 "$REPO/bench/figures.py" between "$log" 'update progress: Downloading' 'bytes streamed, syncing'
    fi
}
for v in "$@"; do
    # shellcheck disable=SC2086
    install "${v%%=*}" "train-${v%%=*}" ${v#*=} >/dev/null # writes the variant's class-data archive (at its stop)
done
declare -A R MS
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
    rm -f "$TMP/curl.out"
    t0=$(now_ns)
    if [[ $BENCH_VERIFY == 1 ]]; then curl -s -o "$TMP/curl.out" "$URL" && sync "$TMP/curl.out"; else curl -s -o "$TMP/curl.out" "$URL"; fi
    t1=$(now_ns)
    rm -f "$TMP/curl.out"
    c=$(((t1 - t0) / 1000000))
    line="round $r: curl $c ms"
    for v in "$@"; do
        name=${v%%=*}
        # shellcheck disable=SC2086
        ms=$(install "$name" "$name-$r" ${v#*=})
        R[$name]="${R[$name]:-} $(python3 -c "print(f'{$ms / $c:.3f}')")"
        MS[$name]="${MS[$name]:-} $ms"
        line="$line, $name $ms ms"
    done
    echo "$line (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done
for v in "$@"; do
    name=${v%%=*}
    python3 - "$name" ${R[$name]} -- ${MS[$name]} <<'PY'
import statistics, sys
name = sys.argv[1]; i = sys.argv.index("--")
r = [float(x) for x in sys.argv[2:i]]; ms = [float(x) for x in sys.argv[i + 1:]]
print(f"{name}: ratio {statistics.median(r):.2f} ({min(r):.2f}-{max(r):.2f}), {statistics.median(ms):.0f} ms")
PY
done

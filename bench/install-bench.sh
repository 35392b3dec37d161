#!/usr/bin/env bash
# Install benchmark of camel-ota: how long does the agent take to download and install a bundle of
# BENCH_MB MiB from a loopback HTTP server, compared with "curl -o file && sync file" on the same
# server, and how much heap / RSS does it need under -Xmx$BENCH_XMX?
#
#   bench/install-bench.sh                           # 256 MiB image, -Xmx64m
#   BENCH_MB=1024 BENCH_XMX=48m bench/install-bench.sh   # 1 GiB bundle under -Xmx48m
#
# Needs java (17+), python3 and curl. All traffic stays on 127.0.0.1. Everything big lives in a temp dir
# (BENCH_TMP, default under /tmp) that is removed at the end. The summary is appended to bench/results.md.
# See bench/README.md for what is measured and the caveats.
set -euo pipefail

BENCH_MB=${BENCH_MB:-256}
BENCH_XMX=${BENCH_XMX:-64m}
BENCH_RUNS=${BENCH_RUNS:-3}
# seconds one agent run may take from JVM start to "Update applied" (default: 60 s + 1 s per 4 MiB)
BENCH_AGENT_TIMEOUT=${BENCH_AGENT_TIMEOUT:-$((60 + BENCH_MB / 4))}
BENCH_KEEP=${BENCH_KEEP:-0}          # 1 = keep the temp dir (logs) for a look afterwards
BENCH_AGENT_OPTS=${BENCH_AGENT_OPTS:-} # extra agent JVM options, e.g. -Dflash.read_back_verify=false

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=${BENCH_RESULTS:-$REPO/bench/results.md}
JAR=$REPO/target/camel-ota.jar

die() { echo "install-bench: $*" >&2; exit 1; }
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

[[ $BENCH_MB =~ ^[1-9][0-9]*$ ]] || die "BENCH_MB must be a positive integer (MiB), got '$BENCH_MB'"
[[ $BENCH_RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, got '$BENCH_RUNS'"
for tool in java python3 curl; do
    command -v "$tool" >/dev/null || die "$tool not found"
done

TMP=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/camel-ota-bench.XXXXXX")
SERVER_PID=
AGENT_PID=

stop_pid() { # pid [grace seconds]: TERM, wait, then KILL; only ever the pids this script started
    local pid=$1 grace=${2:-15} i
    [[ -n $pid ]] || return 0
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    stop_pid "$AGENT_PID" 5
    stop_pid "$SERVER_PID" 5
    if [[ $BENCH_KEEP == 1 ]]; then
        log "kept $TMP"
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

sha256() {
    python3 - "$1" <<'EOF'
import hashlib, sys
h = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    while True:
        b = f.read(1 << 20)
        if not b:
            break
        h.update(b)
print(h.hexdigest())
EOF
}

now_ns() { date +%s%N; }
secs() { printf '%d.%03d' $(($1 / 1000000000)) $(($1 / 1000000 % 1000)); } # ns -> "s.mmm"

# ---------------------------------------------------------------------------------------------- 1. build
cd "$REPO"
if [[ ! -f $JAR || ! -d $REPO/target/lib ]]; then
    command -v mvn >/dev/null || die "target/camel-ota.jar missing and mvn not found"
    log "building target/camel-ota.jar"
    mvn -q -o -DskipTests package || die "build failed"
fi
[[ -f $JAR ]] || die "no $JAR after the build"
[[ -d $REPO/config && -d $REPO/routes ]] || die "config/ and routes/ must be in $REPO"

# ---------------------------------------------------------------------------------------------- image + bundle
mkdir -p "$TMP/srv"
IMAGE=$TMP/app.bin
BUNDLE=$TMP/srv/fw.zip
log "making a random ${BENCH_MB} MiB image and its bundle in $TMP"
head -c "$((BENCH_MB * 1024 * 1024))" /dev/urandom >"$IMAGE"
IMAGE_SHA=$(sha256 "$IMAGE")
java -jar "$JAR" bundle create --name bench --platform ubuntu --version 2.0 --part "app=$IMAGE" -o "$BUNDLE" \
    >"$TMP/bundle.log" 2>&1 || { cat "$TMP/bundle.log" >&2; die "bundle create failed"; }
BUNDLE_BYTES=$(stat -c %s "$BUNDLE")
# write the new files back now, so their writeback does not land inside the first timed run
sync "$IMAGE" "$BUNDLE"
log "image sha256 $IMAGE_SHA, bundle $BUNDLE_BYTES bytes"

# ---------------------------------------------------------------------------------------------- 2. one loopback server
HTTP_PORT=$(free_port)
(cd "$TMP/srv" && exec python3 -m http.server --bind 127.0.0.1 "$HTTP_PORT") >"$TMP/http.log" 2>&1 &
SERVER_PID=$!
URL=http://127.0.0.1:$HTTP_PORT/fw.zip
for ((i = 0; i < 100; i++)); do
    curl -s -o /dev/null -I "$URL" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/http.log" >&2; die "http.server did not start"; }
    sleep 0.1
done
curl -s -o /dev/null -I "$URL" || die "http.server not answering on $URL"
log "serving $URL (pid $SERVER_PID)"

# ---------------------------------------------------------------------------------------------- 3. (a) curl + sync
CURL_NS=()
for ((run = 1; run <= BENCH_RUNS; run++)); do
    out=$TMP/curl.out
    rm -f "$out"
    t0=$(now_ns)
    curl -s -o "$out" "$URL" && sync "$out"
    t1=$(now_ns)
    got=$(stat -c %s "$out")
    [[ $got == "$BUNDLE_BYTES" ]] || die "curl run $run got $got bytes, expected $BUNDLE_BYTES"
    rm -f "$out"
    CURL_NS+=($((t1 - t0)))
    log "(a) curl+sync run $run: $(secs $((t1 - t0))) s"
done

# ---------------------------------------------------------------------------------------------- 4./5. (b) the agent
# one agent run's log -> "install_ms data_ms verify_ms": Downloading -> "Update applied, finalizing" (the
# figure), and its split at the end of the app data. The agent logs no line there (its "download 100%" line
# may come after the verify: 100% includes the zip's central directory), so the data phase is extrapolated
# from the last "download P% (R of T bytes)" line before "written and verified": data ~ (t_R - t_start) * T/R;
# verify = the rest up to "written and verified" (fsync + read-back). HH:mm:ss.SSS; midnight wrap handled.
log_times() {
    python3 - "$1" <<'EOF'
import re, sys
def ms(line):
    m = re.match(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d) ", line)
    return None if not m else ((int(m[1]) * 60 + int(m[2])) * 60 + int(m[3])) * 1000 + int(m[4])
def d(a, b):
    return (b - a) % 86_400_000
start = end = verified = last = None  # last: (ms, received, total) of the last progress line before the verify
for line in open(sys.argv[1], errors="replace"):
    t = ms(line)
    if t is None:
        continue
    if start is None:
        if "update progress: Downloading" in line:
            start = t
        continue
    if verified is None:
        m = re.search(r"ProgressStream - download \d+% \((\d+) of (\d+) bytes\)", line)
        if m:
            last = (t, int(m[1]), int(m[2]))
        if "written and verified" in line:
            verified = t
    if "update success: Update applied, finalizing" in line:
        end = t
        break
if start is None or end is None or verified is None:
    print(-1, -1, -1)
else:
    data = d(start, verified)
    if last is not None and last[1] > 0:
        data = min(data, round(d(start, last[0]) * last[2] / last[1]))
    print(d(start, end), data, d(start, verified) - data)
EOF
}

# GC log -> "peak_before_MiB max_after_MiB gc_count" over the whole JVM life (-Xlog:gc "A->B(C)" lines)
gc_peaks() {
    python3 - "$1" <<'EOF'
import re, sys
unit = {"K": 1 / 1024, "M": 1, "G": 1024}
before = after = 0.0
n = 0
for line in open(sys.argv[1], errors="replace"):
    for m in re.finditer(r"(\d+)([KMG])->(\d+)([KMG])\(\d+[KMG]\)", line):
        n += 1
        before = max(before, int(m[1]) * unit[m[2]])
        after = max(after, int(m[3]) * unit[m[4]])
print(f"{before:.0f} {after:.0f} {n}")
EOF
}

AGENT_MS=()
DL_MS=()
VERIFY_MS=()
HEAP_BEFORE=()
HEAP_AFTER=()
HWM_KB=()
for ((run = 1; run <= BENCH_RUNS; run++)); do
    data=$TMP/data
    rm -rf "$data"
    agent_log=$TMP/agent$run.log
    gc_log=$TMP/gc$run.log
    api_port=$(free_port)
    : >"$agent_log" # exists before the loop below greps it
    java "-Xmx$BENCH_XMX" -XX:+ExitOnOutOfMemoryError "-Xlog:gc:file=$gc_log" \
        "-Dota.data_dir=$data" "-Dupdate.url=$URL" -Dupdate.interval=3600 -Dupdate.poll_on_start=true \
        -Dboot.reboot_mode=none -Dota.http.host=127.0.0.1 "-Dota.http.port=$api_port" $BENCH_AGENT_OPTS \
        -jar "$JAR" >"$TMP/agent$run.out" 2>"$agent_log" &
    AGENT_PID=$!
    hwm=0
    deadline=$(($(date +%s) + BENCH_AGENT_TIMEOUT))
    outcome=
    while :; do
        if ! kill -0 "$AGENT_PID" 2>/dev/null; then
            outcome="agent exited early"
            break
        fi
        h=$(awk '/^VmHWM:/ {print $2}' "/proc/$AGENT_PID/status" 2>/dev/null || true)
        [[ -n $h && $h -gt $hwm ]] && hwm=$h
        if grep -q 'update success: Update applied, finalizing' "$agent_log"; then
            outcome=ok
            break
        fi
        if grep -q 'update error:' "$agent_log"; then
            outcome="agent reported: $(grep 'update error:' "$agent_log" | head -1)"
            break
        fi
        if (($(date +%s) > deadline)); then
            outcome="timeout after ${BENCH_AGENT_TIMEOUT}s"
            break
        fi
        sleep 0.2
    done
    if [[ $outcome == ok ]]; then
        status=$(curl -s "http://127.0.0.1:$api_port/update/status" || true)
        # VmHWM is a high-water mark: this last read before the stop is the process peak
        h=$(awk '/^VmHWM:/ {print $2}' "/proc/$AGENT_PID/status" 2>/dev/null || true)
        [[ -n $h && $h -gt $hwm ]] && hwm=$h
    fi
    stop_pid "$AGENT_PID" 15
    AGENT_PID=
    if [[ $outcome != ok ]]; then
        grep -v 'YamlDeserializerBase' "$agent_log" | tail -40 >&2 || true
        die "agent run $run failed: $outcome"
    fi
    [[ $status == *'"state":"success"'* && $status == *"\"bytes_received\":$BUNDLE_BYTES,"* ]] ||
        die "agent run $run: unexpected /update/status: $status"
    slot_sha=$(sha256 "$data/slot1.img")
    [[ $slot_sha == "$IMAGE_SHA" ]] || die "agent run $run: slot1.img sha256 $slot_sha != image $IMAGE_SHA"
    read -r ms dl vf < <(log_times "$agent_log")
    ((ms >= 0)) || die "agent run $run: Downloading/finalizing lines not found in $agent_log"
    read -r hb ha ngc < <(gc_peaks "$gc_log")
    AGENT_MS+=("$ms")
    DL_MS+=("$dl")
    VERIFY_MS+=("$vf")
    HEAP_BEFORE+=("$hb")
    HEAP_AFTER+=("$ha")
    HWM_KB+=("$hwm")
    log "(b) agent run $run: $(secs $((ms * 1000000))) s (download+write ~$(secs $((dl * 1000000))) s," \
        "fsync+read-back ~$(secs $((vf * 1000000))) s), slot1.img sha256 ok, heap peak ${hb} MiB" \
        "(max after GC ${ha} MiB, $ngc GCs), VmHWM $((hwm / 1024)) MiB"
    rm -rf "$data"
done

# ---------------------------------------------------------------------------------------------- 6. summary
min() { local m=$1 x; for x in "$@"; do ((x < m)) && m=$x; done; echo "$m"; }
max() { local m=$1 x; for x in "$@"; do ((x > m)) && m=$x; done; echo "$m"; }
join() { local out= x; for x in "$@"; do out+="${out:+, }$x"; done; echo "$out"; }

best_a=$(min "${CURL_NS[@]}")
best_b=$(($(min "${AGENT_MS[@]}") * 1000000))
ratio=$(python3 -c "print(f'{$best_b / $best_a:.2f}')")
peak_heap=$(max "${HEAP_BEFORE[@]}")
peak_live=$(max "${HEAP_AFTER[@]}")
peak_hwm=$(($(max "${HWM_KB[@]}") / 1024))
each_a=$(join $(for x in "${CURL_NS[@]}"; do secs "$x"; echo; done))
each_b=$(join $(for x in "${AGENT_MS[@]}"; do secs $((x * 1000000)); echo; done))
each_dl=$(join $(for x in "${DL_MS[@]}"; do secs $((x * 1000000)); echo; done))
each_vf=$(join $(for x in "${VERIFY_MS[@]}"; do secs $((x * 1000000)); echo; done))
mib_s=$(python3 -c "print(f'{$BUNDLE_BYTES / 1048576 / ($best_b / 1e9):.0f}')")

SUMMARY=$(cat <<EOF
| metric | value |
|---|---|
| bundle | ${BENCH_MB} MiB image, $BUNDLE_BYTES bundle bytes |
| (a) curl+sync, best of ${BENCH_RUNS} (s) | $(secs "$best_a") (each: $each_a) |
| (b) agent install, best of ${BENCH_RUNS} (s) | $(secs "$best_b") (each: $each_b) |
| ratio b/a | $ratio |
| agent throughput, best (MiB/s) | $mib_s |
| agent download+write phase, estimated (s) | $each_dl |
| agent fsync+read-back verify phase, estimated (s) | $each_vf |
| peak heap used, before GC (MiB) | $peak_heap (max live after GC: $peak_live; per run: $(join "${HEAP_BEFORE[@]}")) |
| process peak RSS, VmHWM (MiB) | $peak_hwm (per run: $(join $(for x in "${HWM_KB[@]}"; do echo $((x / 1024)); done))) |
| Xmx | $BENCH_XMX |
EOF
)

echo
echo "camel-ota install benchmark: BENCH_MB=$BENCH_MB BENCH_XMX=$BENCH_XMX${BENCH_AGENT_OPTS:+ BENCH_AGENT_OPTS=$BENCH_AGENT_OPTS}"
echo "$SUMMARY"

if [[ ! -f $RESULTS ]]; then
    printf '# camel-ota install benchmark results\n\nAppended by bench/install-bench.sh; see bench/README.md.\n' >"$RESULTS"
fi
{
    echo
    echo "## $(date '+%Y-%m-%d %H:%M:%S %Z') — BENCH_MB=$BENCH_MB BENCH_XMX=$BENCH_XMX${BENCH_AGENT_OPTS:+ BENCH_AGENT_OPTS=\`$BENCH_AGENT_OPTS\`}"
    echo
    echo "Host: $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')."
    echo
    echo "$SUMMARY"
} >>"$RESULTS"
log "appended to $RESULTS"

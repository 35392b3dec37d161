#!/usr/bin/env bash
# The five "lean and fast" figures of camel-ota in one run, each against a baseline measured in the same run:
#   1 streaming: the agent's download+write phase (no read-back, no checkpoint fsync) vs `curl -o`, paired
#   2 install:   the whole install with the default read-back (O_DIRECT, overlapped) vs `curl -o && sync`, paired
#   3 start:     process start -> the first poll's answer, per JVM flag set (java -jar is the baseline)
#   4 memory:    idle RSS, peak RSS during a 1 GiB install, a ~4 GiB install under -Xmx48m (heap flat)
#   5 idle:      a 304 poll's time inside the agent (p50), CPU used between polls over a minute
# All traffic stays on 127.0.0.1 (bench/bundle-server.py makes the bundles on the fly: no big files but the
# slots). The agent runs through bin/camel-ota (the shipped flags) unless a figure says otherwise.
# Prints a table and appends it to bench/results.md. See bench/README.md.
set -euo pipefail

BENCH_MB=${BENCH_MB:-256}            # bundle for figures 1 and 2
BENCH_PAIRS=${BENCH_PAIRS:-5}        # pairs (baseline, agent) for figures 1 and 2
BENCH_START_RUNS=${BENCH_START_RUNS:-3}
BENCH_PEAK_MB=${BENCH_PEAK_MB:-1024}
BENCH_FLAT_MB=${BENCH_FLAT_MB:-4095} # < 4 GiB: the bench server writes no zip64
BENCH_POLLS=${BENCH_POLLS:-30}
BENCH_IDLE_S=${BENCH_IDLE_S:-60}
BENCH_ONLY=${BENCH_ONLY:-1,2,3,4,5}
BENCH_KEEP=${BENCH_KEEP:-0}
# a JDK 25+ for the launcher's AOT-cache start (figure 3, and idle RSS in 4); default: the newest found under
# /usr/lib/jvm; BENCH_JAVA25=none leaves it out
BENCH_JAVA25=${BENCH_JAVA25:-}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=${BENCH_RESULTS:-$REPO/bench/results.md}
JAR=$REPO/target/camel-ota.jar
die() { echo "run-all: $*" >&2; exit 1; }
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
only() { [[ ",$BENCH_ONLY," == *",$1,"* ]]; }
for tool in java python3 curl; do command -v "$tool" >/dev/null || die "$tool not found"; done
cd "$REPO"
[[ -f $JAR ]] || { log "building"; mvn -q -o -DskipTests package || die "build failed"; }

TMP=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/camel-ota-bench.XXXXXX")
SERVER_PID=
AGENT_PID=
stop_pid() { # pid [grace s]: TERM, wait (a first start writes the CDS archive), then KILL; only our own pids
    local pid=$1 grace=${2:-20} i
    [[ -n $pid ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop_pid "$AGENT_PID"
    stop_pid "$SERVER_PID"
    if [[ $BENCH_KEEP == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }
# python helpers: ms between two log lines / a start instant and a log line; statistics
py() { python3 "$REPO/bench/figures.py" "$@"; }

# ------------------------------------------------------------------------------------------------ server
sizes="$BENCH_MB"
only 4 && sizes="$sizes $BENCH_PEAK_MB $BENCH_FLAT_MB"
python3 "$REPO/bench/bundle-server.py" 0 $sizes >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
for ((i = 0; i < 1200; i++)); do grep -q '^ready' "$TMP/server.out" && break; sleep 0.1; done
PORT=$(awk '/^ready/ {print $2}' "$TMP/server.out")
[[ -n $PORT ]] || { cat "$TMP/server.err" >&2; die "bundle server did not start"; }
BASE=http://127.0.0.1:$PORT
sha_of() { awk -v m="$1" '$1 == "sha256" && $2 == m {print $3; exit}' "$TMP/server.out"; }
log "bundle server on $BASE"

# ------------------------------------------------------------------------------------------------ agent runs
# agent NAME URL UNTIL_PATTERN [JVM options...]: runs bin/camel-ota (or $AGENT_CMD) with a fresh data dir until
# the pattern is logged (or "update error:", or a timeout); sets T0_NS, LOG, HWM_KB, RSS_KB, DATA.
AGENT_TIMEOUT=${BENCH_AGENT_TIMEOUT:-300}
export CAMEL_OTA_CDS=$TMP/camel-ota.jsa
agent_start() {
    local name=$1 url=$2 interval=$3
    shift 3
    DATA=$TMP/data-$name
    LOG=$TMP/$name.log
    rm -rf "$DATA"
    : >"$LOG"
    local opts="-Dota.data_dir=$DATA -Dupdate.url=$url -Dupdate.interval=$interval -Dupdate.poll_on_start=true"
    opts="$opts -Dboot.reboot_mode=none -Dota.http.host=127.0.0.1 -Dota.http.port=$(free_port) $*"
    T0_NS=$(now_ns)
    if [[ -n ${AGENT_CMD:-} ]]; then
        # shellcheck disable=SC2086
        $AGENT_CMD $opts -jar "$JAR" >"$LOG" 2>&1 &
    else
        CAMEL_OTA_JAVA_OPTS="$opts" "$REPO/bin/camel-ota" >"$LOG" 2>&1 &
    fi
    AGENT_PID=$!
}
agent_wait() { # pattern [count]
    local pattern=$1 count=${2:-1} deadline=$(($(date +%s) + AGENT_TIMEOUT)) h
    HWM_KB=0
    while :; do
        h=$(awk '/^VmHWM:/ {print $2}' "/proc/$AGENT_PID/status" 2>/dev/null || true)
        [[ -n $h && $h -gt $HWM_KB ]] && HWM_KB=$h
        (($(grep -c -- "$pattern" "$LOG" || true) >= count)) && break
        grep -q 'update error:' "$LOG" && { tail -20 "$LOG" >&2; die "agent: $(grep 'update error:' "$LOG" | head -1)"; }
        kill -0 "$AGENT_PID" 2>/dev/null || { tail -20 "$LOG" >&2; die "agent exited early ($LOG)"; }
        (($(date +%s) > deadline)) && die "agent: no '$pattern' after ${AGENT_TIMEOUT}s"
        sleep 0.05
    done
    h=$(awk '/^VmHWM:/ {print $2}' "/proc/$AGENT_PID/status" 2>/dev/null || true)
    [[ -n $h && $h -gt $HWM_KB ]] && HWM_KB=$h
    RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$AGENT_PID/status" 2>/dev/null || echo 0)
}
agent_stop() { stop_pid "$AGENT_PID" "${1:-20}"; AGENT_PID=; }
check_slot() { # MiB: the slot holds the served image
    local got
    got=$(python3 -c 'import hashlib,sys
h=hashlib.sha256(); f=open(sys.argv[1],"rb")
while True:
    b=f.read(1<<22)
    if not b: break
    h.update(b)
print(h.hexdigest())' "$DATA/slot1.img")
    [[ $got == "$(sha_of "$1")" ]] || die "slot1.img of $LOG does not hold the served image"
}
install() { # name MiB [JVM options]: one install; sets the figures above
    local name=$1 mib=$2
    shift 2
    agent_start "$name" "$BASE/fw-$mib.zip" 3600 "$@"
    agent_wait 'update success: Update applied, finalizing'
    agent_stop
    check_slot "$mib"
}

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

# first start (training run): the launcher's CDS archive is written when this agent stops; it installs a
# bundle, so the archive holds the classes of an install too
log "first start: writing the class-data archive"
agent_start train "$BASE/fw-${BENCH_MB}.zip" 3600
agent_wait 'update success: Update applied, finalizing'
agent_stop 300
rm -rf "$DATA" # its slot's dirty pages would otherwise be written back while figure 1 runs
[[ -f $CAMEL_OTA_CDS ]] || log "warning: no CDS archive was written (see $TMP/train.log)"
if [[ -z $BENCH_JAVA25 ]]; then
    for d in /usr/lib/jvm/*; do
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null || true)
        [[ -n $v && $v -ge 25 && -x $d/bin/java ]] && BENCH_JAVA25=$d
    done
fi
[[ $BENCH_JAVA25 == none ]] && BENCH_JAVA25=
if [[ -n $BENCH_JAVA25 ]] && { only 3 || only 4; }; then
    # the same first start on JDK 25+: the launcher writes its AOT cache when this agent stops
    log "first start on $BENCH_JAVA25: writing the AOT cache"
    JAVA_HOME=$BENCH_JAVA25 CAMEL_OTA_CDS=$TMP/camel-ota.aot agent_start train25 "$BASE/fw-${BENCH_MB}.zip" 3600
    agent_wait 'update success: Update applied, finalizing'
    agent_stop 300
    rm -rf "$DATA"
    [[ -f $TMP/camel-ota.aot ]] || log "warning: no AOT cache was written (see $TMP/train25.log)"
fi

# ------------------------------------------------------------------------------------------------ 1 + 2
if only 1; then
    P=()
    for ((i = 1; i <= BENCH_PAIRS; i++)); do
        rm -f "$TMP/curl.out"
        sync # nothing left dirty from earlier runs is written back during this pair
        t0=$(now_ns); curl -s -o "$TMP/curl.out" "$BASE/fw-$BENCH_MB.zip"; t1=$(now_ns)
        rm -f "$TMP/curl.out"
        install stream$i "$BENCH_MB" -Dflash.read_back_verify=false -Dupdate.checkpoint_bytes=1099511627776
        ms=$(py between "$LOG" 'update progress: Downloading' 'bytes streamed, syncing')
        P+=("$(((t1 - t0) / 1000000)):$ms")
        log "1 streaming pair $i: curl -o $(((t1 - t0) / 1000000)) ms, agent download+write $ms ms"
        # the slot was never synced (no read-back, no checkpoint): deleted now, its dirty pages are dropped
        # instead of being written back while the next pair runs (as curl's file is, right after curl)
        rm -rf "$DATA"
    done
    read -r a b r rmin rmax < <(py pairs "${P[@]}")
    row 1 "streaming ${BENCH_MB} MiB: download+write (ms)" "$b" "curl -o: $a" "$r ($rmin-$rmax)" "≤ 1.2"
fi
if only 2; then
    P=()
    DIRECT=yes
    for ((i = 1; i <= BENCH_PAIRS; i++)); do
        rm -f "$TMP/curl.out"
        sync
        t0=$(now_ns); curl -s -o "$TMP/curl.out" "$BASE/fw-$BENCH_MB.zip" && sync "$TMP/curl.out"; t1=$(now_ns)
        rm -f "$TMP/curl.out"
        install verify$i "$BENCH_MB"
        grep -q 'refuses O_DIRECT' "$LOG" && DIRECT=no
        ms=$(py between "$LOG" 'update progress: Downloading' 'update success: Update applied')
        P+=("$(((t1 - t0) / 1000000)):$ms")
        log "2 install pair $i: curl -o && sync $(((t1 - t0) / 1000000)) ms, agent install $ms ms"
        rm -rf "$DATA"
    done
    read -r a b r rmin rmax < <(py pairs "${P[@]}")
    row 2 "install ${BENCH_MB} MiB, default read-back (O_DIRECT: $DIRECT) (ms)" "$b" "curl -o && sync: $a" \
        "$r ($rmin-$rmax)" "≤ 1.3"
fi

# ------------------------------------------------------------------------------------------------ 3 start
if only 3; then
    # flag sets, run round-robin so that load drift hits all alike; "launcher" = bin/camel-ota as shipped
    VARIANTS=("java -jar" "java CDS" "launcher no-CDS" "launcher" "launcher C1-only")
    [[ -n $BENCH_JAVA25 ]] && VARIANTS+=("launcher JDK 25+ AOT cache")
    declare -A START RSS
    for ((i = 1; i <= BENCH_START_RUNS; i++)); do
        for v in "${VARIANTS[@]}"; do
            AGENT_CMD=
            extra=
            case $v in
                "java -jar") AGENT_CMD=java ;;
                "java CDS") AGENT_CMD="java -XX:SharedArchiveFile=$CAMEL_OTA_CDS" ;;
                "launcher no-CDS") ;;
                "launcher C1-only") extra=-XX:TieredStopAtLevel=1 ;;
            esac
            if [[ $v == "launcher no-CDS" ]]; then
                CAMEL_OTA_CDS=off agent_start start "$BASE/not-modified" 3600
            elif [[ $v == "launcher JDK 25+ AOT cache" ]]; then
                JAVA_HOME=$BENCH_JAVA25 CAMEL_OTA_CDS=$TMP/camel-ota.aot agent_start start "$BASE/not-modified" 3600
            else
                agent_start start "$BASE/not-modified" 3600 $extra
            fi
            agent_wait 'update success: Not Modified'
            ms=$(py since "$T0_NS" "$LOG" 'update success: Not Modified')
            agent_stop
            AGENT_CMD=
            START[$v]="${START[$v]:-} $ms"
            RSS[$v]="${RSS[$v]:-} $((RSS_KB / 1024))"
        done
        log "3 start round $i done"
    done
    base=$(py median ${START["java -jar"]})
    for v in "${VARIANTS[@]}"; do
        m=$(py median ${START[$v]})
        row 3 "start to first poll answer, $v (ms; RSS then MiB)" "$m (min-max $(py range ${START[$v]}); RSS $(py median ${RSS[$v]}))" \
            "java -jar: $base" "$(py ratio "$m" "$base")" "$([[ $v == launcher || $v == "launcher JDK 25+ AOT cache" ]] && echo '≤ 1000 ms')"
    done
fi

# ------------------------------------------------------------------------------------------------ 4 memory
if only 4; then
    install peak "$BENCH_PEAK_MB"
    row 4 "peak RSS during a ${BENCH_PEAK_MB} MiB install, shipped flags (MiB)" "$((HWM_KB / 1024))" "" "" "≤ 130"
    rm -rf "$DATA"
    need_kb=$(((BENCH_FLAT_MB + 512) * 1024))
    if (($(df -Pk "$TMP" | awk 'NR == 2 {print $4}') > need_kb)); then
        install flat "$BENCH_FLAT_MB" -Xmx48m "-Xlog:gc:file=$TMP/flat-gc.log" -Dflash.slot_size=8589934592
        read -r hb ha ngc < <(py gc "$TMP/flat-gc.log")
        ms=$(py between "$LOG" 'update progress: Downloading' 'update success: Update applied')
        row 4 "${BENCH_FLAT_MB} MiB install under -Xmx48m: heap max after GC / before GC (MiB)" \
            "$ha / $hb ($ngc GCs, VmHWM $((HWM_KB / 1024)) MiB, $ms ms)" "" "" "installs, heap flat"
        rm -rf "$DATA"
    else
        row 4 "${BENCH_FLAT_MB} MiB install under -Xmx48m" "skipped: not enough disk in $TMP" "" "" "installs, heap flat"
    fi
fi

# ------------------------------------------------------------------------------------------------ 5 idle
if only 4 || only 5; then
    # a minute without polls: CPU used (utime+stime of every thread) and the RSS at rest
    idle_run() { # label
        agent_start idle "$BASE/not-modified" 3600
        agent_wait 'update success: Not Modified'
        sleep 5
        before=$(py cpu "$AGENT_PID")
        sleep "$BENCH_IDLE_S"
        after=$(py cpu "$AGENT_PID")
        RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$AGENT_PID/status")
        busy=$(py busy "$before" "$after")
        agent_stop
        if only 4; then row 4 "idle RSS after the first poll, shipped flags$1 (MiB)" "$((RSS_KB / 1024))" "" "" "≤ 100"; fi
        if only 5; then row 5 "CPU between polls over ${BENCH_IDLE_S} s$1 (ms)" "$busy" "" "" "≈ 0, no busy thread"; fi
    }
    idle_run ""
    if [[ -n $BENCH_JAVA25 ]] && only 4; then
        JAVA_HOME=$BENCH_JAVA25 CAMEL_OTA_CDS=$TMP/camel-ota.aot idle_run ", JDK 25+ AOT cache"
    fi
fi
if only 5; then
    agent_start polls "$BASE/not-modified" 1 -Dorg.slf4j.simpleLogger.log.io.camelota.http.UpdateCheck=debug
    agent_wait 'update check took' $((BENCH_POLLS + 1))
    agent_stop
    C=()
    for ((i = 0; i < 10; i++)); do
        t0=$(now_ns); curl -s -o /dev/null "$BASE/not-modified"; t1=$(now_ns)
        C+=($(((t1 - t0) / 1000)))
    done
    read -r first p50 p90 n cpu50 < <(py polls "$LOG")
    row 5 "304 poll inside the agent, p50 of $n after the first (ms)" "$p50 (p90 $p90, first $first; CPU p50 $cpu50)" \
        "curl process: $(py median "${C[@]}" | awk '{printf "%.1f", $1 / 1000}')" "" "≤ 2"
fi

# ------------------------------------------------------------------------------------------------ table
TABLE=$(printf '%s\n' "| # | figure | agent | baseline (same run) | ratio median (min-max) | target |" \
    "|---|---|---|---|---|---|" "${ROWS[@]}")
HOST="$(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(java -version 2>&1 | head -1)${BENCH_JAVA25:+ (JDK 25+ rows: $("$BENCH_JAVA25/bin/java" -version 2>&1 | head -1))}, commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
echo "$TABLE"
echo "$HOST"
{
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — run-all.sh (BENCH_MB=$BENCH_MB, $BENCH_PAIRS pairs)"
    echo
    echo "Host: $HOST."
    echo
    echo "$TABLE"
} >>"$RESULTS"
log "appended to $RESULTS"

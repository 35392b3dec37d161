#!/usr/bin/env bash
# Delta updates against a real nginx on 127.0.0.1: bytes on the wire and wall time of a delta install vs a full
# install of the same bundle (flash.delta=false), in the same run, for four pairs of images (bench/delta-images.py):
#   ext4       64 MiB ext4 image (mke2fs -d) with one 1 MiB file changed
#   random     32 MiB random image, 1 MiB rewritten and 64 KiB inserted
#   jar        a fat jar (the project's target/lib jars stored, classes deflated) with one class changed
#   unrelated  two unrelated 32 MiB random images (worst case)
# Also: index overhead (% of the bundle), chunking speed of the active slot (MB/s, from the agent's log), and
# with DELTA_RATE=2m a second pass through nginx's limit_rate (a 2 MB/s link).
# Wire bytes are nginx's $bytes_sent of the agent's requests (headers included). Appends to bench/results.md.
set -euo pipefail

DELTA_SCENARIOS=${DELTA_SCENARIOS:-ext4 random jar unrelated}
DELTA_RATE=${DELTA_RATE:-}           # e.g. 2m: also measure through limit_rate
DELTA_KEEP=${DELTA_KEEP:-0}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=${BENCH_RESULTS:-$REPO/bench/results.md}
JAR=$REPO/target/camel-ota.jar
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
die() { echo "delta-bench: $*" >&2; exit 1; }
log() { echo "[delta-bench $(date +%H:%M:%S)] $*" >&2; }
for tool in java python3 curl mke2fs; do command -v "$tool" >/dev/null || die "$tool not found"; done
[[ -x $NGINX ]] || die "nginx not found"
cd "$REPO"
[[ -f $JAR && -d $REPO/target/lib ]] || { log "building"; mvn -q -o -DskipTests package || die "build failed"; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/camel-ota-delta.XXXXXX")
NGINX_PID=
AGENT_PID=
stop_pid() { # only the pids this script started
    local pid=$1 i
    [[ -n $pid ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop_pid "$AGENT_PID"
    stop_pid "$NGINX_PID"
    if [[ $DELTA_KEEP == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

start_nginx() { # rate ("" = unlimited)
    stop_pid "$NGINX_PID"
    local port conf=$TMP/nginx/nginx.conf
    mkdir -p "$TMP/nginx/logs" "$TMP/www"
    port=$(free_port)
    cat >"$conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 64; }
http {
  log_format wire '\$status "\$http_range" \$bytes_sent';
  access_log $TMP/nginx/logs/access.log wire;
  client_body_temp_path $TMP/nginx/body; proxy_temp_path $TMP/nginx/proxy; fastcgi_temp_path $TMP/nginx/fcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi; scgi_temp_path $TMP/nginx/scgi;
  server { listen 127.0.0.1:$port; root $TMP/www; ${1:+limit_rate $1;} }
}
CONF
    "$NGINX" -p "$TMP/nginx" -e "$TMP/nginx/logs/error.log" -c "$conf" >"$TMP/nginx/logs/out.log" 2>&1 &
    NGINX_PID=$!
    for ((i = 0; i < 100; i++)); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
    URL_BASE=http://127.0.0.1:$port
}

# run_agent MODE(delta|full) -> "wire_bytes ms chunk_ms requests" ; checks slot 1 holds v2
RUN=0
run_agent() {
    local mode=$1 data=$TMP/data api log t0 t1 i
    RUN=$((RUN + 1))
    # a log of its own, existing before the agent starts: the wait below never sees an earlier run's lines
    log=$TMP/agent-$RUN-$mode.log
    : >"$log"
    rm -rf "$data"; mkdir -p "$data"
    cp "$TMP/img/v1.img" "$data/slot0.img"
    : >"$TMP/nginx/logs/access.log"
    api=$(free_port)
    java -Xmx128m "-Dota.data_dir=$data" "-Dupdate.url=$URL_BASE/fw.zip" -Dupdate.interval=3600 \
        -Dupdate.poll_on_start=true -Dboot.reboot_mode=none -Dota.http.host=127.0.0.1 "-Dota.http.port=$api" \
        -Dflash.delta=$([[ $mode == delta ]] && echo true || echo false) -jar "$JAR" >"$log.out" 2>"$log" &
    AGENT_PID=$!
    for ((i = 0; i < 1200; i++)); do
        grep -q "update success\|update error" "$log" 2>/dev/null && break
        kill -0 "$AGENT_PID" 2>/dev/null || break
        sleep 0.1
    done
    stop_pid "$AGENT_PID"; AGENT_PID=
    grep -q "update success" "$log" || { tail -20 "$log" >&2; die "$mode install failed"; }
    cmp -s -n "$(stat -c %s "$TMP/img/v2.img")" "$data/slot1.img" "$TMP/img/v2.img" || die "$mode: slot 1 is not v2"
    python3 - "$log" "$TMP/nginx/logs/access.log" <<'PY'
import re, sys
def ms(line):
    m = re.match(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d) ", line)
    return None if not m else ((int(m[1]) * 60 + int(m[2])) * 60 + int(m[3])) * 1000 + int(m[4])
start = end = None
chunk = -1
for line in open(sys.argv[1], errors="replace"):
    t = ms(line)
    if t is None:
        continue
    if start is None and "update progress: Checking for update" in line:
        start = t
    m = re.search(r"active slot chunked in (\d+) ms", line)
    if m:
        chunk = int(m[1])
    if "update success" in line:
        end = t
wire = [l.split() for l in open(sys.argv[2]) if l.strip()]
print(sum(int(w[-1]) for w in wire), (end - start) % 86_400_000, chunk, len(wire))
PY
}

ROWS=()
run_scenario() { # scenario rate
    local s=$1 rate=$2 changed image bundle_bytes index_line overhead d f curl_ms t0
    rm -rf "$TMP/img"; mkdir -p "$TMP/img"
    changed=$(python3 "$REPO/bench/delta-images.py" "$s" "$TMP/img" "$REPO/target/lib" | awk '/^changed/ {print $2}')
    image=$(stat -c %s "$TMP/img/v2.img")
    java -jar "$JAR" bundle create --name bench --platform ubuntu --version 2.0 --build-id "$s" \
        --build-timestamp 2026-12-01T00:00:00Z --part "app=$TMP/img/v2.img" --delta-index -o "$TMP/www/fw.zip" \
        >"$TMP/bundle.log" 2>&1 || { cat "$TMP/bundle.log" >&2; die "bundle create failed"; }
    bundle_bytes=$(stat -c %s "$TMP/www/fw.zip")
    index_line=$(java -jar "$JAR" bundle inspect "$TMP/www/fw.zip" | grep "delta indexes:")
    overhead=$(sed -E 's/.* ([0-9.]+) % of the bundle.*/\1/' <<<"$index_line")
    start_nginx "$rate"
    t0=$(now_ms); curl -s -o "$TMP/curl.out" "$URL_BASE/fw.zip"; curl_ms=$(($(now_ms) - t0))
    read -r fw fms fchunk freq < <(run_agent full)
    read -r dw dms dchunk dreq < <(run_agent delta)
    log "$s${rate:+ @$rate}: image $image, changed $changed, bundle $bundle_bytes; full $fw B $fms ms; delta $dw B $dms ms ($dreq requests), chunking $dchunk ms"
    ROWS+=("$(python3 - "$s" "${rate:-loopback}" "$image" "$changed" "$bundle_bytes" "$overhead" "$fw" "$fms" "$dw" "$dms" "$dreq" "$dchunk" "$curl_ms" <<'PY'
import sys
s, rate, image, changed, bundle, overhead, fw, fms, dw, dms, dreq, dchunk, curl = sys.argv[1:]
image, changed, bundle, fw, fms, dw, dms, dreq, dchunk, curl = map(int, (image, changed, bundle, fw, fms, dw, dms, dreq, dchunk, curl))
MiB = 1 << 20
if s == "unrelated":
    goal, ok = f"<= {fw * 1.02 / MiB:.2f} MiB (full + 2 %)", dw <= fw * 1.02
else:
    limit = changed + MiB + image / 100
    goal, ok = f"<= {limit / MiB:.2f} MiB", dw <= limit
speed = f"{image / 1e6 / (dchunk / 1000):.0f} MB/s" if dchunk > 0 else "-"
print(f"| {s} | {rate} | {image / MiB:.1f} MiB | {changed / MiB:.2f} MiB | {overhead} % | {fw / MiB:.2f} MiB | "
      f"{dw / MiB:.2f} MiB ({dw / fw * 100:.1f} %) | {goal}: {'met' if ok else 'MISSED'} | {dreq} | "
      f"{fms} ms | {dms} ms ({dms / fms:.2f} x) | {curl} ms | {speed} |")
PY
)")
}

for s in $DELTA_SCENARIOS; do
    run_scenario "$s" ""
    [[ -z $DELTA_RATE ]] || run_scenario "$s" "$DELTA_RATE"
done

{
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M:%S UTC') — delta updates (bench/delta-bench.sh, nginx $("$NGINX" -v 2>&1 | sed 's/.*\///'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
    echo
    echo "Full = the same bundle with flash.delta=false; wire = nginx \$bytes_sent of the agent's requests; time = agent log 'Checking for update' -> 'update success' (includes read-back); curl = curl -o of the bundle."
    echo
    echo "| image | link | size | changed | index overhead | full: wire | delta: wire | goal | requests | full: time | delta: time | curl | chunking (active slot) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
} | tee -a "$RESULTS"

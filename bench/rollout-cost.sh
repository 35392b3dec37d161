#!/usr/bin/env bash
# What a staged rollout costs the server: the body bytes nginx sends to a device that is deferred
# (X-OTA-Rollout: 0 = everyone waits), per poll, against the baseline of the same device fetching the
# same bundle without the header (one full download). Counted by nginx itself ($body_bytes_sent in the
# ota log format of docs/rollouts.md), so nothing of the agent's own accounting is trusted.
#
#   bench/rollout-cost.sh            BENCH_MB (bundle size, default 64) BENCH_POLLS (deferred polls, default 10)
#
# Needs nginx and the built jar (mvn -q -DskipTests package). Loopback only; temp dir removed at the end.
set -euo pipefail
BENCH_MB=${BENCH_MB:-64}
BENCH_POLLS=${BENCH_POLLS:-10}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ -f $REPO/target/camel-ota.jar ]] || { echo "rollout-cost: build first (mvn -q -DskipTests package)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $NGINX ]] || { echo "rollout-cost: nginx is not installed" >&2; exit 1; }
TMP=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/camel-ota-rollout.XXXXXX")
AGENT_PID=
cleanup() {
    [[ -n $AGENT_PID ]] && { kill -KILL "$AGENT_PID" 2>/dev/null || true; wait "$AGENT_PID" 2>/dev/null || true; }
    [[ -f $TMP/nginx.pid ]] && { kill "$(cat "$TMP/nginx.pid")" 2>/dev/null || true; sleep 0.5; }
    rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

mkdir -p "$TMP/www" "$TMP/logs" "$TMP/tmp"
head -c $((BENCH_MB << 20)) /dev/urandom >"$TMP/app.bin"
"$REPO/bin/camel-ota" bundle create --name=bench --platform=ubuntu --version=9.9 --build-id=bench \
    --part="app=$TMP/app.bin,type=app" -o "$TMP/www/fw.zip" >/dev/null 2>&1
BUNDLE=$(stat -c %s "$TMP/www/fw.zip")
PORT=$(free_port)
conf() { # conf HEADER_LINE
    cat >"$TMP/nginx.conf" <<CONF
daemon on;
user $(id -un);
worker_processes 1;
pid $TMP/nginx.pid;
error_log $TMP/logs/error.log warn;
events { worker_connections 64; }
http {
  log_format ota '\$time_iso8601 "\$http_x_mgos_device_id" "\$http_x_mgos_fw_version" "\$http_x_ota_rejected_version" \$status \$body_bytes_sent "\$http_x_ota_state"';
  access_log $TMP/logs/access.log ota;
  client_body_temp_path $TMP/tmp/body; proxy_temp_path $TMP/tmp/proxy; fastcgi_temp_path $TMP/tmp/fcgi;
  uwsgi_temp_path $TMP/tmp/uwsgi; scgi_temp_path $TMP/tmp/scgi;
  keepalive_timeout 0;
  server { listen 127.0.0.1:$PORT; root $TMP/www; location / { $1 } }
}
CONF
}
conf 'add_header X-OTA-Rollout 0 always;'
"$NGINX" -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/logs/error.log"

# poll DEVICE_ID COUNT: an agent polling every second until nginx logged COUNT requests of it
poll() {
    local id=$1 count=$2
    rm -rf "$TMP/data"
    local opts="-Dota.data_dir=$TMP/data -Dupdate.url=http://127.0.0.1:$PORT/fw.zip -Dupdate.interval=1"
    opts="$opts -Dupdate.poll_on_start=true -Dboot.reboot_mode=none -Dflash.slot_size=$(((BENCH_MB + 8) << 20))"
    opts="$opts -Ddevice.id=$id -Ddevice.mac=0A1B2C3D4E5F -Dota.http.port=$(free_port)"
    CAMEL_OTA_CDS=off CAMEL_OTA_JAVA_OPTS="$opts" "$REPO/bin/camel-ota" >"$TMP/agent-$id.log" 2>&1 &
    AGENT_PID=$!
    for ((i = 0; i < 1200; i++)); do
        (($(grep -c "\"$id 0A1B2C3D4E5F\"" "$TMP/logs/access.log" 2>/dev/null || true) >= count)) && break
        sleep 0.1
    done
    kill -TERM "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true; AGENT_PID=
}
poll deferred "$BENCH_POLLS"
# baseline: the same kind of device, no rollout header: it downloads the bundle once
conf ''
"$NGINX" -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/logs/error.log" -s reload
sleep 2
poll full 1

awk -v id='"deferred' -v full='"full' -v bundle="$BUNDLE" '
    index($0, id) { n++; b = $(NF-1); if (n == 1) first = b; else { later += b; if ($(NF-2) != "304") not304++ } }
    index($0, full) && !f { f = $(NF-1) }
    END {
        printf "bundle %d bytes; baseline (no header): one 200 of %d body bytes\n", bundle, f
        printf "deferred device, first poll: %d body bytes (%.4f of the baseline: manifest + socket buffers before the abort)\n", first, first / f
        printf "deferred device, %d later polls: %d body bytes in all (%.6f of the baseline), %d not 304\n", n - 1, later, later / f, not304
    }' "$TMP/logs/access.log"

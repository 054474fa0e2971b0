#!/usr/bin/env bash
# HTTP under wrk on loopback. Each route is measured against the baseline in the same run:
#   GET /log/key          baseline: a constant answer through the same stack, no store access
#                         (/healthz is not one: it reads the latest checkpoint from the store)
#   GET /log/checkpoint   the signed checkpoint, read from the store
#   POST /api/v1/officers a durable command: authenticate, decide, apply, append, fsync
#   POST /api/v1/me/cases a durable case submission (read the item and power, check the
#                         uploads, number the case, commit the personal payload, append, fsync)
# Usage: bench/http.sh [path/to/sunlight] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/src/sunlight}
secs=${2:-10}
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --demo --demo-population 2000 --data "$data" --listen "127.0.0.1:$port" --access-log '' \
  >"$data/server.out" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
export SUNLIGHT_TOKEN=$(curl -s -XPOST "http://127.0.0.1:$port/api/v1/auth/demo-login" \
  -d '{"officer":"admin","ttl_seconds":3600}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])')
export SUNLIGHT_ORG=$(head -1 data/demo/organisations.jsonl | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')

# A citizen with two uploaded materials, for the case submissions.
citizen=$(sed -n 's/^demo citizen: \([0-9X]*\) .*/\1/p' "$data/server.out")
export SUNLIGHT_CITIZEN_TOKEN=$(curl -s -XPOST "http://127.0.0.1:$port/api/v1/auth/demo-login" \
  -d "{\"citizen\":\"$citizen\",\"ttl_seconds\":3600}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])')
upload() {
  printf '%%PDF-1.4 %s' "$1" | curl -s -XPOST "http://127.0.0.1:$port/api/v1/me/uploads" \
    -H "Authorization: Bearer $SUNLIGHT_CITIZEN_TOKEN" -H 'Content-Type: application/pdf' --data-binary @- |
    python3 -c 'import json,sys;print(json.load(sys.stdin)["hash"])'
}
export SUNLIGHT_UPLOAD_1=$(upload form) SUNLIGHT_UPLOAD_2=$(upload contract)

connections=${CONNECTIONS:-32}
# Rates count 2xx answers only (bench/wrk-ok.lua); wrk's own Requests/sec counts every answer,
# errors included. A run with any non-2xx answer or socket error says so in its last columns.
# Latencies are wrk's, over every answer.
run() {  # name, then wrk arguments (a -s script of its own loads wrk-ok.lua)
  local name=$1; shift
  case " $* " in *" -s "*) ;; *) set -- -s bench/wrk-ok.lua "$@" ;; esac
  local out
  out=$(wrk -t2 -c"$connections" -d"${secs}s" --latency "$@")
  local ok_rps p50 p99 non2xx socket
  ok_rps=$(awk '/^2xx\/s:/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(sed -n 's/^non-2xx: //p' <<<"$out")
  socket=$(awk '/^socket errors:/ {print $3}' <<<"$out")
  if [ -z "$ok_rps" ]; then
    echo "wrk gave no 2xx count for $name (is bench/wrk-ok.lua loaded?):" >&2
    echo "$out" >&2
    exit 1
  fi
  printf '| %-32s | %10s | %8s | %8s | %s | %s |\n' "$name" "$ok_rps" "$p50" "$p99" "$non2xx" "$socket"
}

echo "| route (wrk -t2 -c$connections, ${secs}s) | 2xx/s | p50 | p99 | non-2xx | socket errors |"
echo "|---|---|---|---|---|---|"
run "GET /log/key (baseline)" "http://127.0.0.1:$port/log/key"
run "GET /log/checkpoint" "http://127.0.0.1:$port/log/checkpoint"
run "POST /api/v1/officers (durable)" -s bench/wrk-command.lua "http://127.0.0.1:$port"
run "POST /api/v1/me/cases (durable)" -s bench/wrk-apply.lua "http://127.0.0.1:$port"

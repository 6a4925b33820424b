#!/usr/bin/env bash
# bench/run.sh BIN — safeguard's benchmarks, each beside a baseline measured
# on the same machine in the same run (see bench/README.md):
#
#   nginx serving a ~200-byte static file       baseline for the read
#   safeguard GET /api/v1/rooms, bearer token   authenticated read
#   nginx again                                 (the read is bracketed)
#   bench/sqlite_insert: raw durable inserts    baseline for the write
#   safeguard POST /api/v1/rooms, bearer token  audited write (bench/write.lua)
#   raw durable inserts again                   (the write is bracketed)
#   raw durable inserts on 2 connections        (for information only)
#
# Targets: read >= 0.5 x nginx req/s; audited write >= 0.5 x raw inserts/s
# (one connection, one row per transaction), each baseline being the mean of
# its runs before and after. Prints a summary (also bench/out/results.txt,
# with each wrk output beside it), then `BIN audit verify`. Exits 1 when a
# target is missed, a request was answered >= 300, or the audit chain is not
# intact.
#
# Environment (all optional):
#   BENCH_DURATION=10s        wrk duration per run
#   BENCH_CONNECTIONS=64      wrk connections (wrk threads are always 2)
#   BENCH_RAW_SECONDS=10      seconds per raw-insert run
#   BENCH_BRACKET=0           measure each baseline once: nginx, read, write, raw
#   BENCH_SERVER_THREADS=N    set [server] threads in the bench data dir
#   BENCH_RAW_THREADS2=0      skip the 2-connection raw-insert run
#   BENCH_KEEP=1              keep the temp dir (data dir, access log)
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: bench/run.sh path/to/safeguard" >&2
    exit 2
fi
BIN=$(realpath "$1")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=$HERE/out
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
RAW_SECONDS=${BENCH_RAW_SECONDS:-10}
NGINX=${NGINX:-/usr/sbin/nginx}
EMAIL=bench.manager@example.org

for tool in wrk curl gcc pkg-config "$NGINX" "$BIN"; do
    if ! command -v "$tool" >/dev/null; then
        echo "bench: $tool is missing (apt-get install -y wrk nginx-light curl)" >&2
        exit 1
    fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sg-bench.XXXXXX")
D=$TMP/data
SG_PID='' NGINX_PID='' CHILD=''

stop() { # pid: SIGTERM, wait up to 10 s, then SIGKILL
    local pid=$1 i
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    [[ -z $CHILD ]] || kill -TERM "$CHILD" 2>/dev/null || true
    stop "$SG_PID"
    stop "$NGINX_PID"
    SG_PID='' NGINX_PID=''
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then
        echo "bench: kept $TMP"
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

child() { # cmd...: run in the background and wait, so that a signal is acted on at once
    local rc=0
    "$@" &
    CHILD=$!
    wait "$CHILD" || rc=$?
    CHILD=''
    return "$rc"
}

free_port() { # a port nothing on 127.0.0.1 answers on
    local p i
    for ((i = 0; i < 100; i++)); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    echo "bench: no free port found" >&2
    return 1
}

wait_http() { # url pid name: wait up to 10 s for any HTTP answer
    local i
    for ((i = 0; i < 100; i++)); do
        if ! kill -0 "$2" 2>/dev/null; then
            echo "bench: $3 exited at start" >&2
            return 1
        fi
        if curl -s -o /dev/null "$1"; then
            return 0
        fi
        sleep 0.1
    done
    echo "bench: $3 did not answer at $1 within 10 s" >&2
    return 1
}

# --- the safeguard data directory: a manager, a token, a few real rows ----
echo "== setting up in $TMP"
printf 'bench-password-%s\n' "$RANDOM$RANDOM" >"$TMP/password"
"$BIN" init --data "$D" --setting "Bench Nursery" --kind nursery --manager "$EMAIL" \
    --manager-name "Bench Manager" --password-file "$TMP/password" >/dev/null
TOKEN=$("$BIN" token create --data "$D" --adult "$EMAIL" --name bench | grep -o 'sgt_[A-Za-z0-9_-]*' | head -n1 || true)
if [[ -z $TOKEN ]]; then
    echo "bench: could not read the token from 'safeguard token create'" >&2
    exit 1
fi
rooms=("Acorns:children" "Oaks:children" "Willows:children" "Garden:children" "Office:adults-only" "Staff room:adults-only")
for r in "${rooms[@]}"; do
    "$BIN" room add --data "$D" --name "${r%%:*}" --class "${r##*:}" >/dev/null
done
children=("Amy Pond:2022-03-04:1" "Rory Williams:2022-07-19:1" "Clara Oswald:2021-11-02:2"
          "Martha Jones:2021-05-23:2" "Donna Noble:2020-12-30:3" "River Song:2023-01-15:3")
for c in "${children[@]}"; do
    IFS=: read -r name dob room <<<"$c"
    "$BIN" child add --data "$D" --first-name "${name% *}" --last-name "${name#* }" \
        --date-of-birth "$dob" --room-id "$room" >/dev/null
done
if [[ -n ${BENCH_SERVER_THREADS:-} ]]; then
    sed -i "s/^threads = .*/threads = $BENCH_SERVER_THREADS/" "$D/safeguard.ini"
fi
SG_THREADS=$(sed -n 's/^threads = //p' "$D/safeguard.ini")

# --- the two servers ------------------------------------------------------
SG_PORT=$(free_port)
"$BIN" serve --data "$D" --listen "127.0.0.1:$SG_PORT" >"$TMP/serve.out" 2>"$TMP/access.log" &
SG_PID=$!

NG_PORT=$(free_port)
while [[ $NG_PORT == "$SG_PORT" ]]; do NG_PORT=$(free_port); done
mkdir -p "$TMP/nginx" "$TMP/www"
# A ~200-byte page: about what a small JSON answer weighs.
cat >"$TMP/www/index.html" <<'EOF'
<!doctype html>
<html lang=en><meta charset=utf-8><title>bench</title>
<p>A small static page served by nginx as the baseline for safeguard's
authenticated JSON read. About two hundred bytes.</p>
</html>
EOF
USER_LINE=
if [[ $EUID -eq 0 ]]; then
    USER_LINE="user root;" # workers must read the 0700 temp dir
fi
cat >"$TMP/nginx/nginx.conf" <<EOF
$USER_LINE
worker_processes auto;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    default_type text/html;
    sendfile on;
    client_body_temp_path $TMP/nginx/client_body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$NG_PORT;
        root $TMP/www;
        index index.html;
    }
}
EOF
"$NGINX" -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" >"$TMP/nginx/stdout" 2>&1 &
NGINX_PID=$!

SG_URL=http://127.0.0.1:$SG_PORT
NG_URL=http://127.0.0.1:$NG_PORT/index.html
wait_http "$SG_URL/healthz" "$SG_PID" safeguard || { cat "$TMP/serve.out" "$TMP/access.log" >&2; exit 1; }
wait_http "$NG_URL" "$NGINX_PID" nginx || { cat "$TMP/nginx/stdout" "$TMP/nginx/error.log" >&2; exit 1; }

# Both answer what they should before anything is timed.
PAGE_BYTES=$(curl -sf "$NG_URL" | wc -c)
read_check=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $TOKEN" "$SG_URL/api/v1/rooms")
if [[ ${read_check##*$'\n'} != 200 ]]; then
    echo "bench: GET /api/v1/rooms answered: $read_check" >&2
    exit 1
fi
ROOMS_READ=$(grep -o '"id"' <<<"$read_check" | wc -l)
echo "== safeguard on :$SG_PORT ($SG_THREADS threads), nginx on :$NG_PORT; page $PAGE_BYTES bytes; read returns $ROOMS_READ rooms"

# --- measurements -----------------------------------------------------------
# Each baseline is measured right before AND right after what it is compared
# with, and the ratio uses the mean of the two: on a shared machine the disk's
# fsync rate and the CPU share move by several times within a minute, and a
# baseline measured only once, a minute away, can make a ratio meaningless.
# BENCH_BRACKET=0 measures each baseline once (nginx, read, write, raw).
mkdir -p "$OUT"
rm -f "$OUT"/wrk-*.txt
WRK=(wrk -t2 -c"$CONNS" -d"$DURATION" --latency)
BRACKET=${BENCH_BRACKET:-1}
failed=0

run_wrk() { # name args...: run wrk, keep its output in $TMP/wrk-name.txt and bench/out/
    local name=$1
    shift
    echo
    echo "== wrk: $name"
    child "${WRK[@]}" "$@" >"$TMP/wrk-$name.txt" 2>&1 || { cat "$TMP/wrk-$name.txt"; echo "bench: wrk failed" >&2; exit 1; }
    cat "$TMP/wrk-$name.txt"
    cp "$TMP/wrk-$name.txt" "$OUT/wrk-$name.txt"
}
rps() { awk '/^Requests\/sec:/ {print $2}' "$TMP/wrk-$1.txt"; }
p99() { awk '$1 == "99%" {print $2; exit}' "$TMP/wrk-$1.txt"; }
non2xx() { awk -F': *' '/Non-2xx or 3xx responses/ {n = $2} END {print n + 0}' "$TMP/wrk-$1.txt"; }
mean() { awk -v a="$1" -v b="${2:-}" 'BEGIN { if (b == "") printf "%.2f", a; else printf "%.2f", (a + b) / 2 }'; }

echo
echo "== building bench/sqlite_insert"
# shellcheck disable=SC2046 # pkg-config prints several words
gcc -O2 -Wall -Wextra -o "$TMP/sqlite_insert" "$HERE/sqlite_insert.c" $(pkg-config --cflags --libs sqlite3) -lpthread
RAW_RUNS=0
raw_insert() { # threads: one raw-insert run on a fresh file next to the data dir; sets RAW (rows/s)
    RAW_RUNS=$((RAW_RUNS + 1))
    local db=$TMP/raw$RAW_RUNS.db line
    child "$TMP/sqlite_insert" "$db" "$RAW_SECONDS" "$1" >"$TMP/raw.txt"
    line=$(<"$TMP/raw.txt")
    echo "== raw SQLite durable inserts, $1 connection(s): $line"
    rm -f "$db" "$db-wal" "$db-shm"
    RAW=$(awk '{print $2}' <<<"$line")
}

run_wrk nginx "$NG_URL"
run_wrk read -H "Authorization: Bearer $TOKEN" "$SG_URL/api/v1/rooms"
NG2_RPS=
if [[ $BRACKET != 0 ]]; then
    run_wrk nginx-after "$NG_URL"
    NG2_RPS=$(rps nginx-after)
fi
echo
RAW_BEFORE=
if [[ $BRACKET != 0 ]]; then
    raw_insert 1
    RAW_BEFORE=$RAW
fi
run_wrk write -s "$HERE/write.lua" -H "Authorization: Bearer $TOKEN" "$SG_URL/api/v1/rooms"

stop "$SG_PID"
stop "$NGINX_PID"
SG_PID='' NGINX_PID=''

echo
raw_insert 1
RAW_AFTER=$RAW
RAW2=-
if [[ ${BENCH_RAW_THREADS2:-1} != 0 ]]; then
    raw_insert 2
    RAW2=$RAW
fi

checked=(nginx read write)
[[ $BRACKET == 0 ]] || checked+=(nginx-after)
for n in "${checked[@]}"; do
    bad=$(non2xx "$n")
    if [[ $bad != 0 ]]; then
        echo "bench: $n: $bad answers were not 2xx/3xx" >&2
        failed=1
    fi
done
BAD_WRITES=$(awk '/^bad_status:/ {print $2}' "$TMP/wrk-write.txt")
if [[ -z $BAD_WRITES ]]; then
    echo "bench: write.lua did not report its status count" >&2
    failed=1
elif [[ $BAD_WRITES != 0 ]]; then
    echo "bench: write: $BAD_WRITES answers had status >= 300" >&2
    failed=1
fi

# --- the audit chain the writes left ----------------------------------------
echo
AUDIT_LINE=$("$BIN" audit verify --data "$D" 2>&1) || failed=1
echo "$AUDIT_LINE"
ACCESS_LINES=$(wc -l <"$TMP/access.log")

# --- summary ----------------------------------------------------------------
NG1_RPS=$(rps nginx) RD_RPS=$(rps read) WR_RPS=$(rps write)
NG_RPS=$(mean "$NG1_RPS" "$NG2_RPS")
RAW1=$(mean "${RAW_BEFORE:-$RAW_AFTER}" "${RAW_BEFORE:+$RAW_AFTER}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v r="$1" 'BEGIN { print (r != "n/a" && r + 0 >= 0.5) ? "PASS" : "FAIL" }'; }
R_READ=$(ratio "$RD_RPS" "$NG_RPS")
R_WRITE=$(ratio "$WR_RPS" "$RAW1")
V_READ=$(verdict "$R_READ")
V_WRITE=$(verdict "$R_WRITE")
[[ $V_READ == PASS && $V_WRITE == PASS ]] || failed=1
row() { printf '%-46s %12s %10s\n' "$@"; }

{
    echo "safeguard benchmarks — $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname), $(nproc) CPUs"
    echo "wrk -t2 -c$CONNS -d$DURATION --latency; safeguard [server] threads = $SG_THREADS;" \
        "data and raw inserts on $(df -T "$TMP" | awk 'NR == 2 {print $2}') ($TMP)"
    echo
    row "" "per second" "p99"
    if [[ $BRACKET != 0 ]]; then
        row "nginx static file ($PAGE_BYTES B), before read" "$NG1_RPS" "$(p99 nginx)"
        row "safeguard GET /api/v1/rooms (bearer, $ROOMS_READ rows)" "$RD_RPS" "$(p99 read)"
        row "nginx static file, after read" "$NG2_RPS" "$(p99 nginx-after)"
        row "SQLite raw durable inserts, before write" "$RAW_BEFORE" "-"
        row "safeguard POST /api/v1/rooms (audited)" "$WR_RPS" "$(p99 write)"
        row "SQLite raw durable inserts, after write" "$RAW_AFTER" "-"
    else
        row "nginx static file ($PAGE_BYTES B)" "$NG1_RPS" "$(p99 nginx)"
        row "safeguard GET /api/v1/rooms (bearer, $ROOMS_READ rows)" "$RD_RPS" "$(p99 read)"
        row "safeguard POST /api/v1/rooms (audited)" "$WR_RPS" "$(p99 write)"
        row "SQLite raw durable inserts, 1 connection" "$RAW_AFTER" "-"
    fi
    row "SQLite raw durable inserts, 2 connections" "$RAW2" "-"
    echo
    row "read / nginx ($NG_RPS)" "$R_READ" "$V_READ"
    row "audited write / raw inserts ($RAW1)" "$R_WRITE" "$V_WRITE"
    echo "(targets: both ratios >= 0.5)"
    echo
    echo "answers >= 300: write $BAD_WRITES; non-2xx/3xx: read $(non2xx read), nginx $(non2xx nginx)"
    echo "access log: $ACCESS_LINES lines"
    echo "$AUDIT_LINE"
} >"$OUT/results.txt"
echo
echo "================================================================"
cat "$OUT/results.txt"
if [[ $failed != 0 ]]; then
    echo "bench: FAILED (a target was missed or a request failed)" >&2
    exit 1
fi

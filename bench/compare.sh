#!/usr/bin/env bash
# Measures WildDns against Knot DNS with mod-synthrecord on this machine, side by side, with dnsperf and
# with the bench load generator, and prints one table of ratios (WildDns / Knot). See bench/README.md.
#
# Every run is bounded (-l / --duration, each wrapped in `timeout`), and on exit the script stops only
# the server processes it started itself, by PID. It never touches a system knotd or anything else.
set -euo pipefail

RUNS=3
DURATION=15
RATES="2000 20000"
TOOLS="dnsperf load"
KNOT_PORT=5354
WILDDNS_PORT=5353
CONTROL_PORT=5390
KEEP=""
PAUSE=2
RRL=0
FLOOD_RATE=5000

usage() {
    cat <<'EOF'
usage: bench/compare.sh [--runs N] [--duration S] [--rates "2000 20000"] [--tools "dnsperf load"]
                        [--keep DIR] [--rrl]

  --runs      runs per cell; the table shows the median (default 3)
  --duration  seconds per run (default 15)
  --rates     fixed offered loads in qps, besides UDP peak and TCP peak (default "2000 20000")
  --tools     which clients drive the load: dnsperf, load (the bench load generator) or both
  --keep      copy the raw results, names files and server logs to DIR
  --pause     seconds of quiet between runs (default 2)
  --rrl       response rate limiting on both servers (WildDns's defaults; Knot's mod-rrl at the same rate
              and slip), measured with dnsperf on two loads instead of the usual ones: 20000 qps of
              answers no limit touches, and a flood of one name from one source at 5000 qps

Without --rrl, WildDns runs with rate limiting off, as Knot runs without mod-rrl.

Knot listens on 127.0.0.1:5354, WildDns on 127.0.0.1:5353 (control plane on 5390). WildDns is run
from src/WildDns/bin/Release/net10.0/wilddns.dll; when it is not built, only the Knot half runs.
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --rates) RATES="$2"; shift 2 ;;
        --tools) TOOLS="$2"; shift 2 ;;
        --keep) KEEP="$2"; shift 2 ;;
        --pause) PAUSE="$2"; shift 2 ;;
        --rrl) RRL=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "compare.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="$REPO/bench/peers"
# Both can be overridden, e.g. to measure a build made elsewhere with --artifacts-path.
WILDDNS_DLL="${WILDDNS_DLL:-$REPO/src/WildDns/bin/Release/net10.0/wilddns.dll}"
# Extra switches for WildDns, split on spaces, e.g. to measure it on the shared store:
# WILDDNS_ARGS="--WildDns:Store:ConnectionString Host=127.0.0.1;Port=5432;Database=wilddns;Username=wilddns".
read -r -a WILDDNS_EXTRA <<< "${WILDDNS_ARGS:-}"
LOAD_DLL="${LOAD_DLL:-$REPO/bench/WildDns.Bench/bin/Release/net10.0/WildDns.Bench.dll}"
CLK_TCK="$(getconf CLK_TCK)"
# Longest any single client run may take: the run itself, the drain timeout, process start-up.
RUN_LIMIT=$((DURATION + 30))

WORK="$(mktemp -d "${TMPDIR:-/tmp}/wilddns-compare.XXXXXX")"
STARTED_PIDS=()

log() { echo "compare.sh: $*" >&2; }

stop_started() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null || continue
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    STARTED_PIDS=()
}

cleanup() {
    stop_started
    if [ -n "$KEEP" ]; then
        mkdir -p "$KEEP" && cp -r "$WORK"/. "$KEEP"/ && log "raw results kept in $KEEP"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools -------------------------------------------------------------------------------------

ensure_packages() {
    command -v knotd >/dev/null && command -v dnsperf >/dev/null && return 0
    # A provisioning step may be installing them right now; two apt runs at once fail on the dpkg lock.
    if [ -f /tmp/apt.log ]; then
        log "waiting for the running apt install (/tmp/apt.log) to finish"
        for _ in $(seq 600); do
            grep -q done /tmp/apt.log && break
            sleep 1
        done
    fi
    command -v knotd >/dev/null && command -v dnsperf >/dev/null && return 0
    if [ "$(id -u)" -ne 0 ]; then
        log "knotd and dnsperf are needed: apt-get install -y knot dnsperf"
        exit 1
    fi
    log "installing knot and dnsperf"
    apt-get install -y knot dnsperf >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; exit 1; }
}

ensure_load_generator() {
    if [ ! -f "$LOAD_DLL" ]; then
        log "building the load generator"
        dotnet build "$REPO/bench/WildDns.Bench" -c Release -v quiet -nologo >&2
    fi
}

load_generator() {
    timeout "$RUN_LIMIT" dotnet "$LOAD_DLL" load "$@"
}

# --- servers -----------------------------------------------------------------------------------

udp_port_busy() {
    ss -Hlun "( sport = :$1 )" 2>/dev/null | grep -q .
}

wait_for_port() {
    local pid=$1 port=$2 name=$3
    for _ in $(seq 300); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "$name exited during start-up; its log:"
            cat "$WORK/$name.log" >&2
            return 1
        fi
        udp_port_busy "$port" && return 0
        sleep 0.1
    done
    log "$name did not listen on port $port within 30 s"
    return 1
}

start_knot() {
    if udp_port_busy "$KNOT_PORT"; then
        log "UDP port $KNOT_PORT is in use by another process; not starting Knot there"
        return 1
    fi
    mkdir -p "$WORK/knot"
    sed -e "s|@RUNDIR@|$WORK/knot|g" -e "s|@ZONEDIR@|$PEERS|g" "$PEERS/knot.conf" >"$WORK/knot/knot.conf"
    if [ "$RRL" = 1 ]; then
        # mod-rrl as a global module: its sections go in before the zone, which takes the default template.
        awk -v rrl="$PEERS/knot-rrl.conf" '/^zone:/ { while ((getline line < rrl) > 0) print line; print "" } { print }' \
            "$WORK/knot/knot.conf" >"$WORK/knot/knot-rrl.conf"
        mv "$WORK/knot/knot-rrl.conf" "$WORK/knot/knot.conf"
    fi
    knotd -c "$WORK/knot/knot.conf" >"$WORK/knot.log" 2>&1 &
    KNOT_PID=$!
    STARTED_PIDS+=("$KNOT_PID")
    wait_for_port "$KNOT_PID" "$KNOT_PORT" knot
}

start_wilddns() {
    if [ ! -f "$WILDDNS_DLL" ]; then
        log "$WILDDNS_DLL is not built (dotnet build src/WildDns -c Release); running the Knot half only"
        return 1
    fi
    if udp_port_busy "$WILDDNS_PORT"; then
        log "UDP port $WILDDNS_PORT is in use by another process; not starting WildDns there"
        return 1
    fi
    # Rate limiting is on by default; off unless --rrl, as Knot runs without mod-rrl then.
    local rate=()
    [ "$RRL" = 1 ] || rate=(--WildDns:Dns:RateLimit:ResponsesPerSecond 0)
    dotnet "$WILDDNS_DLL" serve --dns-port "$WILDDNS_PORT" --listen 127.0.0.1 --zones "$REPO/zones" \
        --data "$WORK/wilddns-data" --control-port "$CONTROL_PORT" --ops-port 0 "${WILDDNS_EXTRA[@]}" "${rate[@]}" >"$WORK/wilddns.log" 2>&1 &
    WILDDNS_PID=$!
    STARTED_PIDS+=("$WILDDNS_PID")
    wait_for_port "$WILDDNS_PID" "$WILDDNS_PORT" wilddns
}

# utime + stime of every thread of the process, in clock ticks (proc(5), fields 14 and 15; the
# command name in field 2 may hold spaces, so count fields after its closing parenthesis).
cpu_ticks() {
    sed -e 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

rss_kib() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# --- one measurement ---------------------------------------------------------------------------

# run_one SERVER PORT PID TOOL LOAD RUN NAMES: drives one load (udp-RATE, udp-max, tcp-max, or
# alias-RATE for the WildDns-only names) with one tool and appends
# "server tool load run qps answered sent cpu_us_per_answer cpu_us_per_query" to results.tsv.
run_one() {
    local server=$1 port=$2 pid=$3 tool=$4 load=$5 run=$6 names=$7
    local out="$WORK/runs/$server-$tool-$load-$run"
    local before after qps answered sent
    mkdir -p "$WORK/runs"
    # A server may keep a core busy for a moment after a run (GC, JIT tiering, spinning workers);
    # without a pause that would land on the next run, which is usually the other server's.
    sleep "$PAUSE"
    before=$(cpu_ticks "$pid")
    if [ "$tool" = dnsperf ]; then
        local args=(-s 127.0.0.1 -p "$port" -d "$names" -l "$DURATION")
        case "$load" in
            udp-max) args+=(-c 16 -T 2) ;;
            tcp-max) args+=(-m tcp -c 8 -T 2) ;;
            # Most of a flood goes unanswered: a short timeout and room for the outstanding queries keep dnsperf sending.
            flood-*) args+=(-c 1 -T 1 -Q "${load#*-}" -t 1 -q 20000) ;;
            *) args+=(-c 16 -T 2 -Q "${load#*-}") ;;
        esac
        timeout "$RUN_LIMIT" dnsperf "${args[@]}" >"$out.txt" 2>&1 || true
        after=$(cpu_ticks "$pid")
        qps=$(awk '/Queries per second:/ { print $4 }' "$out.txt")
        answered=$(awk '/Queries completed:/ { print $3 }' "$out.txt")
        sent=$(awk '/Queries sent:/ { print $3 }' "$out.txt")
    else
        local args=(--server "127.0.0.1:$port" --names "$names" --duration "$DURATION" --json "$out.json")
        case "$load" in
            udp-max) args+=(--rate max) ;;
            tcp-max) args+=(--rate max --tcp --concurrency 8) ;;
            *) args+=(--rate "${load#*-}") ;;
        esac
        load_generator "${args[@]}" >"$out.txt" 2>&1 || true
        after=$(cpu_ticks "$pid")
        # No JSON means the run failed; its text output says why, and the figures count as zero.
        if [ -f "$out.json" ]; then
            qps=$(sed -n 's/^ *"achieved_qps": \([0-9.]*\).*/\1/p' "$out.json")
            answered=$(sed -n 's/^ *"answered": \([0-9]*\).*/\1/p' "$out.json")
            sent=$(sed -n 's/^ *"sent": \([0-9]*\).*/\1/p' "$out.json")
        fi
    fi
    qps=${qps:-0} answered=${answered:-0} sent=${sent:-0}
    local cpu_us cpu_query_us
    cpu_us=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$answered" \
        'BEGIN { if (n > 0) printf "%.2f", t * 1e6 / hz / n; else print "nan" }')
    cpu_query_us=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$sent" \
        'BEGIN { if (n > 0) printf "%.2f", t * 1e6 / hz / n; else print "nan" }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$tool" "$load" "$run" "$qps" "$answered" "$sent" "$cpu_us" "$cpu_query_us" \
        >>"$WORK/results.tsv"
    log "$(printf '%-8s %-8s %-10s run %s: %10.0f qps, %7s µs CPU/answer, %s of %s answered' \
        "$server" "$tool" "$load" "$run" "$qps" "$cpu_us" "$answered" "$sent")"
}

# median SERVER TOOL LOAD COLUMN: the median over runs of one results.tsv column, or "-" when there is none.
median() {
    awk -F'\t' -v s="$1" -v t="$2" -v l="$3" -v c="$4" '$1 == s && $2 == t && $3 == l && $c != "nan" { print $c }' \
        "$WORK/results.tsv" | sort -g | awk '{ v[NR] = $1 } END {
            if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# lost_percent SERVER TOOL LOAD: unanswered queries over all runs of one cell.
lost_percent() {
    awk -F'\t' -v s="$1" -v t="$2" -v l="$3" '$1 == s && $2 == t && $3 == l { a += $6; n += $7 }
        END { if (n > 0) printf "%.2f", 100 * (n - a) / n; else print "-" }' "$WORK/results.tsv"
}

whole() {
    awk -v v="$1" 'BEGIN { if (v == "-") print v; else printf "%.0f", v }'
}

hundredths() {
    awk -v v="$1" 'BEGIN { if (v == "-") print v; else printf "%.2f", v }'
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'
}

# --- main --------------------------------------------------------------------------------------

ensure_packages
ensure_load_generator

# The same names for both servers, in the same order: the answer cases both can synthesize. Knot's
# mod-synthrecord makes only A and AAAA, so CNAME names and challenge TXT names are left out of the
# comparison (Knot answers them NXDOMAIN); WildDns alone is measured on those below the table.
load_generator --save-names "$WORK/names.txt" --mix a=1,aaaa=1,nodata=1,nxdomain=1 --count 100000 >/dev/null
load_generator --save-names "$WORK/names-wilddns-only.txt" --mix cname=1,txt=1 --count 100000 >/dev/null

LOADS=()
for rate in $RATES; do LOADS+=("udp-$rate"); done
LOADS+=(udp-max tcp-max)
ANSWER_NAMES="$WORK/names.txt"
if [ "$RRL" = 1 ]; then
    # No NXDOMAIN among the answers: both servers lump NXDOMAIN per zone, so 5000 a second of them from one
    # address would be a flood. These 100k names come round every 5 s at 20000 qps: no limit touches them.
    load_generator --save-names "$WORK/names-answers.txt" --mix a=1,aaaa=1,nodata=1 --count 100000 >/dev/null
    echo "192-168-2-1.e3b0c44298fc1c14.cert.example.com A" >"$WORK/names-flood.txt"
    ANSWER_NAMES="$WORK/names-answers.txt"
    TOOLS=dnsperf
    LOADS=(udp-20000 "flood-$FLOOD_RATE")
fi
names_of() { case "$1" in flood-*) echo "$WORK/names-flood.txt" ;; *) echo "$ANSWER_NAMES" ;; esac; }

SERVERS=()
start_knot && SERVERS+=(knot) || { log "Knot did not start"; exit 1; }
start_wilddns && SERVERS+=(wilddns) || true

port_of() { if [ "$1" = knot ]; then echo "$KNOT_PORT"; else echo "$WILDDNS_PORT"; fi; }
pid_of() { if [ "$1" = knot ]; then echo "$KNOT_PID"; else echo "$WILDDNS_PID"; fi; }

declare -A RSS_START
for server in "${SERVERS[@]}"; do
    # Warm-up, not measured: JIT tiering in WildDns, caches and page faults in both.
    load_generator --server "127.0.0.1:$(port_of "$server")" --names "$WORK/names.txt" --duration 3 --rate max >/dev/null 2>&1 || true
    RSS_START[$server]=$(rss_kib "$(pid_of "$server")")
done

: >"$WORK/results.tsv"
# Runs are interleaved (each load on each server and tool, then the next run) so that drift in the
# machine's background load hits both servers alike.
for run in $(seq "$RUNS"); do
    for load in "${LOADS[@]}"; do
        for tool in $TOOLS; do
            for server in "${SERVERS[@]}"; do
                run_one "$server" "$(port_of "$server")" "$(pid_of "$server")" "$tool" "$load" "$run" "$(names_of "$load")"
            done
        done
    done
done

if [[ " ${SERVERS[*]} " == *" wilddns "* ]] && [ "$RRL" = 0 ]; then
    for run in $(seq "$RUNS"); do
        run_one wilddns "$WILDDNS_PORT" "$WILDDNS_PID" load alias-20000 "$run" "$WORK/names-wilddns-only.txt"
    done
fi

# --- report ------------------------------------------------------------------------------------

# answered_percent SERVER TOOL LOAD: answered (in full or truncated) over sent, over all runs of one cell.
answered_percent() {
    awk -F'\t' -v s="$1" -v t="$2" -v l="$3" '$1 == s && $2 == t && $3 == l { a += $6; n += $7 }
        END { if (n > 0) printf "%.1f", 100 * a / n; else print "-" }' "$WORK/results.tsv"
}

if [ "$RRL" = 1 ]; then
    echo
    echo "WildDns (rate limiting on, its defaults: 20/s, burst 40, slip 2, /24) / Knot DNS $(knotd --version 2>/dev/null | awk '{ print $NF }')"
    echo "(mod-synthrecord, mod-rrl: rate-limit 20, slip 2), dnsperf, median of $RUNS runs of ${DURATION} s over loopback"
    echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), Linux $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg), .NET $(dotnet --version)"
    echo "udp-20000: 100k distinct A / AAAA / NODATA names at 20000 qps (never limited); flood-$FLOOD_RATE: one name from one address"
    echo
    printf '%-11s | %14s %8s %6s | %13s %8s %6s | %10s %10s\n' \
        load "CPU µs/answer" "Knot" ratio "CPU µs/query" "Knot" ratio "answered%W" "answered%K"
    printf '%.0s-' $(seq 100); echo
    for load in "${LOADS[@]}"; do
        wc=$(median wilddns dnsperf "$load" 8); kc=$(median knot dnsperf "$load" 8)
        wq=$(median wilddns dnsperf "$load" 9); kq=$(median knot dnsperf "$load" 9)
        printf '%-11s | %14s %8s %6s | %13s %8s %6s | %10s %10s\n' "$load" \
            "$(hundredths "$wc")" "$(hundredths "$kc")" "$(ratio "$wc" "$kc")" "$(hundredths "$wq")" "$(hundredths "$kq")" "$(ratio "$wq" "$kq")" \
            "$(answered_percent wilddns dnsperf "$load")" "$(answered_percent knot dnsperf "$load")"
    done
    echo
    echo "CPU: the server's utime+stime from /proc/<pid>/stat over the run, per answer dnsperf received (in full or"
    echo "truncated) and per query it sent (lower is better). answered%: the rest was dropped by the rate limit."
    for server in "${SERVERS[@]}"; do
        echo "memory ($server): RSS $((RSS_START[$server] / 1024)) MiB after warm-up, $(($(rss_kib "$(pid_of "$server")") / 1024)) MiB at the end"
    done
    exit 0
fi

echo
echo "WildDns / Knot DNS $(knotd --version 2>/dev/null | awk '{ print $NF }') (mod-synthrecord), median of $RUNS runs of ${DURATION} s over loopback"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), Linux $(uname -r), $(dnsperf -h 2>&1 | awk '/^Version/ { print "dnsperf " $2 }'), .NET $(dotnet --version)"
echo "names: 100k distinct, A / AAAA / NODATA / NXDOMAIN in equal parts (what both synthesize)"
echo
printf '%-10s %-8s | %10s %10s %6s | %14s %10s %6s | %6s %6s\n' \
    load tool "qps WildDns" "qps Knot" ratio "CPU µs/answer" "Knot" ratio "lost%W" "lost%K"
printf '%.0s-' $(seq 104); echo
for load in "${LOADS[@]}"; do
    for tool in $TOOLS; do
        wq=$(median wilddns "$tool" "$load" 5); kq=$(median knot "$tool" "$load" 5)
        wc=$(median wilddns "$tool" "$load" 8); kc=$(median knot "$tool" "$load" 8)
        printf '%-10s %-8s | %10s %10s %6s | %14s %10s %6s | %6s %6s\n' "$load" "$tool" \
            "$(whole "$wq")" "$(whole "$kq")" "$(ratio "$wq" "$kq")" "$(hundredths "$wc")" "$(hundredths "$kc")" "$(ratio "$wc" "$kc")" \
            "$(lost_percent wilddns "$tool" "$load")" "$(lost_percent knot "$tool" "$load")"
    done
done
echo
echo "qps: answers per second of sending time (higher is better). CPU µs/answer: the server's utime+stime"
echo "from /proc/<pid>/stat over the run divided by the answers it gave (lower is better). Fixed rates are"
echo "open loop; max is closed loop (dnsperf -c 16 -T 2, or -m tcp -c 8), bounded by the client sharing the cores."
if [[ " ${SERVERS[*]} " == *" wilddns "* ]]; then
    echo
    echo "WildDns only (Knot cannot synthesize these): CNAME names and challenge TXT, 20000 qps offered, bench load generator:"
    echo "  $(whole "$(median wilddns load alias-20000 5)") qps, $(hundredths "$(median wilddns load alias-20000 8)") µs CPU per answer"
else
    echo
    echo "WildDns was not run (not built at $WILDDNS_DLL); its columns are '-'."
fi
echo
for server in "${SERVERS[@]}"; do
    echo "memory ($server): RSS $((RSS_START[$server] / 1024)) MiB after warm-up, $(($(rss_kib "$(pid_of "$server")") / 1024)) MiB at the end"
done

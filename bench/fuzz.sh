#!/usr/bin/env bash
# Fuzzes the answer path with AFL++ through SharpFuzz: the query parser, the answer engine and the UPDATE/TSIG path,
# all behind AnswerEngine.Answer (bench/WildDns.Fuzz). Instruments a private build of WildDns.Dns and WildDns.Core,
# runs afl-fuzz for SECONDS from the seed corpus, prints executions, corpus and crashes, and fails only on a crash.
#
# usage: bench/fuzz.sh [SECONDS] [OUTDIR]      (default 60 s into a fresh temporary folder)
# replay: dotnet OUTDIR/plain/WildDns.Fuzz.dll < OUTDIR/findings/default/crashes/id:...   (the uninstrumented build)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=${2:-$(mktemp -d /tmp/wilddns-fuzz.XXXXXX)}
seeds=bench/WildDns.Fuzz/seeds
mkdir -p "$out"

dotnet tool restore >/dev/null
dotnet build bench/WildDns.Fuzz -c Release -o "$out/plain" -nologo -v quiet >/dev/null
rm -rf "$out/bin" && cp -r "$out/plain" "$out/bin"
for assembly in WildDns.Dns WildDns.Core; do
  dotnet sharpfuzz "$out/bin/$assembly.dll" >/dev/null
done

# Instrumented code needs afl-fuzz's shared memory, so replays run the plain build.
# The seeds must pass as they are; a failing seed is a crash no fuzzing is needed to find.
dotnet "$out/plain/WildDns.Fuzz.dll" --replay "$seeds" >"$out/seeds.log" || { cat "$out/seeds.log"; exit 1; }

# No core pattern or CPU governor to rely on on a CI machine or a shared one; the target is a managed process,
# not an AFL-compiled binary, and it runs where the scheduler puts it.
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
export AFL_FORKSRV_INIT_TMOUT=60000
status=0
afl-fuzz -i "$seeds" -o "$out/findings" -V "$seconds" -t 10000 -m none -- dotnet "$out/bin/WildDns.Fuzz.dll" \
  >"$out/afl.log" 2>&1 || status=$?

stats="$out/findings/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  tail -n 30 "$out/afl.log"
  echo "fuzz: afl-fuzz did not start (exit $status)" >&2
  exit 1
fi
stat() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$stats"; }
crashes=$(stat saved_crashes)
echo "fuzz: $(stat run_time) s, $(stat execs_done) executions ($(stat execs_per_sec)/s), corpus $(stat corpus_count)" \
  "from $(wc -l < <(ls "$seeds")) seeds, $(stat edges_found) edges, $crashes crashes, $(stat saved_hangs) hangs; in $out"
if [ "${crashes:-0}" != 0 ]; then
  for crash in "$out"/findings/default/crashes/id:*; do
    echo "crash: $crash"
    dotnet "$out/plain/WildDns.Fuzz.dll" < "$crash" 2>&1 | head -n 20 || true
  done
  exit 1
fi

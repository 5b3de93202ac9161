#!/usr/bin/env bash
# Mutation testing of WildDns.Dns with its own in-process tests (Stryker.NET): how many changed programs the tests
# notice. Mutates one folder at a time (Wire, Answers, Tsig, Updates by default), leaves out the Interop and Transport
# tests (slow, and a mutant inside a child process is invisible to them anyway), and prints the score per folder:
# killed (or timed out) over killed, timed out, survived and uncovered.
#
# usage: bench/mutation.sh [FOLDER...]        e.g. bench/mutation.sh Tsig
# (--target-framework: the framework is set in Directory.Build.props, which Stryker's project analysis does not read.)
# environment: CONCURRENCY (default 1); reports in StrykerOutput/<folder>/reports/
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(Wire Answers Tsig Updates)
# The reports go inside the checkout: Stryker runs the tests from there, and they find the zones by walking up to WildDns.sln.
out=$root/StrykerOutput
mkdir -p "$out"
dotnet tool restore >/dev/null

# Stryker builds and swaps WildDns.Dns.dll in this checkout's output folders: run no other build or test here meanwhile.
# Its project analysis sometimes fails on a loaded machine ("Could not find build environment"); that is retried.
for folder in "${folders[@]}"; do
  for attempt in 1 2 3; do
    (cd tests/WildDns.Dns.Tests && dotnet stryker \
      --project WildDns.Dns.csproj \
      --configuration Release --target-framework net10.0 \
      --mutate "**/$folder/**/*.cs" \
      --test-case-filter "FullyQualifiedName!~WildDns.Dns.Tests.Interop.&FullyQualifiedName!~WildDns.Dns.Tests.Transport." \
      --concurrency "${CONCURRENCY:-1}" \
      --reporter json --reporter progress \
      --output "$out/$folder" --skip-version-check >"$out/$folder.log" 2>&1) && break
    grep -q "Could not find build environment" "$out/$folder.log" && [ "$attempt" -lt 3 ] || { tail -n 30 "$out/$folder.log"; exit 1; }
  done
done

python3 - "$out" "$root/src/WildDns.Dns/" "${folders[@]}" <<'PY'
import json, sys
from collections import Counter
out, source, folders = sys.argv[1], sys.argv[2], sys.argv[3:]
detected, undetected = {"Killed", "Timeout"}, {"Survived", "NoCoverage"}
print(f"{'folder':<10} {'score':>7} {'killed':>7} {'timeout':>8} {'survived':>9} {'no cover':>9}   per file")
for folder in folders:
    report = json.load(open(f"{out}/{folder}/reports/mutation-report.json"))
    total, files = Counter(), []
    for path, data in sorted(report["files"].items()):
        counts = Counter(mutant["status"] for mutant in data["mutants"])
        total.update(counts)
        valid = sum(counts[s] for s in detected | undetected)
        if valid:
            files.append(f"{path.replace(source, '').split('/')[-1]} {100 * sum(counts[s] for s in detected) / valid:.0f}%")
    valid = sum(total[s] for s in detected | undetected)
    score = 100 * sum(total[s] for s in detected) / valid if valid else 100
    print(f"{folder:<10} {score:6.1f}% {total['Killed']:>7} {total['Timeout']:>8} {total['Survived']:>9} {total['NoCoverage']:>9}   {', '.join(files)}")
print(f"reports: {out}/<folder>/reports/mutation-report.json")
PY

#!/usr/bin/env bash
# CI's benchmark check: runs every BenchmarkDotNet benchmark briefly, then holds each one to
# bench/allocation-budget.json. Exits non-zero when a benchmark fails to run or allocates over budget.
# It proves the benchmarks run and allocate nothing; its timings are too short to quote (use --job short for that).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT

dotnet build -c Release bench/WildDns.Bench

# In process: no generated project to build per run, which on two cores costs more than the run itself; the
# memory diagnoser reads the same per-thread allocation counter either way. Three 100 ms iterations after one
# warm-up are enough for allocations, which a single --job dry invocation cannot measure (first calls JIT).
timeout 600 dotnet run -c Release --no-build --project bench/WildDns.Bench -- \
  --filter '*' --inProcess --warmupCount 1 --iterationCount 3 --iterationTime 100 \
  --memory --exporters json --artifacts "$artifacts"

dotnet run bench/check-allocation-budget.cs -- bench/allocation-budget.json "$artifacts/results"

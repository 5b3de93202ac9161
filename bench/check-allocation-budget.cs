// Holds a BenchmarkDotNet run to bench/allocation-budget.json: every benchmark that ran must have a budget, stay
// within it and report its allocations; every budgeted benchmark must have run. Exits 1 on any breach.
// Usage: dotnet run bench/check-allocation-budget.cs -- <budget.json> <BenchmarkDotNet.Artifacts/results>
// It reads the JSON exporter's output (--exporters json), which carries bytes per operation as a number.
using System.Text.Json;

if (args.Length != 2 || !File.Exists(args[0]) || !Directory.Exists(args[1]))
{
    Console.Error.WriteLine("usage: check-allocation-budget <budget.json> <results directory holding *-report-full-compressed.json>");
    return 2;
}

var budget = new SortedDictionary<string, long>(StringComparer.Ordinal);
using (var document = JsonDocument.Parse(File.ReadAllText(args[0])))
{
    foreach (var entry in document.RootElement.GetProperty("bytesPerOperation").EnumerateObject())
    {
        budget[entry.Name] = entry.Value.GetInt64();
    }
}

// A benchmark whose setup threw leaves a row without statistics, and one without [MemoryDiagnoser] leaves no bytes:
// both are failures, since a budget that silently checks nothing is worse than none.
var measured = new SortedDictionary<string, long?>(StringComparer.Ordinal);
foreach (var report in Directory.GetFiles(args[1], "*-report-full-compressed.json"))
{
    using var document = JsonDocument.Parse(File.ReadAllText(report));
    foreach (var benchmark in document.RootElement.GetProperty("Benchmarks").EnumerateArray())
    {
        var name = benchmark.GetProperty("FullName").GetString()!;
        if (!benchmark.TryGetProperty("Statistics", out var statistics) || statistics.ValueKind != JsonValueKind.Object)
        {
            continue;
        }

        measured[name] = benchmark.TryGetProperty("Memory", out var memory)
            && memory.ValueKind == JsonValueKind.Object
            && memory.TryGetProperty("BytesAllocatedPerOperation", out var allocated)
            && allocated.ValueKind == JsonValueKind.Number
                ? allocated.GetInt64()
                : null;
    }
}

var failures = 0;
foreach (var name in budget.Keys.Union(measured.Keys).Order(StringComparer.Ordinal))
{
    var hasBudget = budget.TryGetValue(name, out var allowed);
    var ran = measured.TryGetValue(name, out var bytes);
    var verdict = (hasBudget, ran, bytes) switch
    {
        (false, _, _) => "FAIL: no budget; add it to bench/allocation-budget.json",
        (_, false, _) => "FAIL: did not run (renamed, removed, or its setup threw)",
        (_, _, null) => "FAIL: no allocation measured; add [MemoryDiagnoser]",
        _ when bytes > allowed => $"FAIL: over budget by {bytes - allowed} B",
        _ => "ok",
    };
    if (verdict != "ok")
    {
        failures++;
    }

    var shown = bytes is { } value ? $"{value} B" : "-";
    var limit = hasBudget ? $"{allowed} B" : "-";
    Console.WriteLine($"{name,-70} {shown,10} / {limit,-8} {verdict}");
}

Console.WriteLine(failures == 0
    ? $"allocation budget: {measured.Count} benchmarks within budget"
    : $"allocation budget: {failures} failure(s)");
return failures == 0 ? 0 : 1;

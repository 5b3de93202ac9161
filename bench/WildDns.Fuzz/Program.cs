using SharpFuzz;
using WildDns.Fuzz;

// Under afl-fuzz (bench/fuzz.sh): SharpFuzz's fork server feeds inputs to the target in this process, one after the
// other. Otherwise: "--replay PATH..." runs each file (or each file in each folder) once and names any that fails,
// and with no arguments the one input on standard input runs once, so a crash file from afl-fuzz can be replayed.
var zones = Environment.GetEnvironmentVariable("WILDDNS_FUZZ_ZONES") ?? Path.Combine(AppContext.BaseDirectory, "zones");
if (args is ["--replay", .. var paths])
{
    var target = new FuzzTarget(zones);
    var files = paths.SelectMany(path => Directory.Exists(path) ? Directory.GetFiles(path).Order(StringComparer.Ordinal) : (IEnumerable<string>)[path]).ToArray();
    var failed = 0;
    foreach (var file in files)
    {
        try
        {
            var outcome = target.Run(File.ReadAllBytes(file));
            Console.WriteLine($"{Path.GetFileName(file)}: {outcome.Category}, rcode {outcome.ResponseCode}, {outcome.Length} bytes");
        }
        catch (Exception e)
        {
            failed++;
            Console.Error.WriteLine($"{file}: {e}");
        }
    }

    Console.WriteLine($"replayed {files.Length} inputs, {failed} failed");
    return failed == 0 ? 0 : 1;
}

// Instrumented code may run only once the fork server has mapped afl-fuzz's coverage memory, so the zone is loaded
// inside the first run rather than before it.
FuzzTarget? fuzzed = null;
Fuzzer.Run(stream =>
{
    fuzzed ??= new FuzzTarget(zones);
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    fuzzed.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;

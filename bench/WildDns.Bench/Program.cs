using BenchmarkDotNet.Running;
using WildDns.Bench.Load;

// `load ...` drives a running server over the network; everything else is a BenchmarkDotNet run,
// so `dotnet run -c Release -- --filter '*'` keeps working as BenchmarkDotNet documents it.
if (args.Length > 0 && args[0] == "load")
{
    return LoadCommand.Run(args.AsSpan(1).ToArray());
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

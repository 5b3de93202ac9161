namespace WildDns.Bench.Load;

/// <summary>
/// <c>load --server 127.0.0.1:5353 --rate max --duration 10</c>: sends DNS queries for a bounded time and
/// prints what came back. Exit code 0 after a run, 1 when the server cannot be reached over TCP, 2 on a bad
/// command line.
/// </summary>
public static class LoadCommand
{
    public static int Run(string[] args)
    {
        LoadOptions options;
        QuerySet queries;
        try
        {
            options = LoadOptions.Parse(args);
            var lines = options.NamesPath is { } path
                ? NamesFile.Read(path).ToList()
                : options.Mix.Generate(options.Count, options.Zone).ToList();
            if (options.SaveNamesPath is { } save)
            {
                NamesFile.Write(save, lines);
                Console.WriteLine($"load: wrote {lines.Count} names to {save}");
                return 0;
            }

            queries = QuerySet.From(lines);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException)
        {
            Console.Error.WriteLine($"load: {e.Message}");
            Console.Error.WriteLine(LoadOptions.Usage);
            return 2;
        }

        LoadReport report;
        try
        {
            report = LoadRun.Execute(options, queries);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"load: {e.Message}");
            return 1;
        }

        report.WriteText(Console.Out);
        if (options.JsonPath is { } json)
        {
            using var file = File.Create(json);
            report.WriteJson(file);
        }

        return 0;
    }
}

namespace WildDns.Bench.Load;

/// <summary>
/// Reads and writes dnsperf's data file format: one <c>name TYPE</c> per line, the type optional
/// (A when absent), blank lines and lines starting with <c>#</c> or <c>;</c> ignored.
/// </summary>
public static class NamesFile
{
    public static IEnumerable<QueryLine> Read(string path)
    {
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var type = RecordTypes.A;
            if (parts.Length > 1 && !RecordTypes.TryParse(parts[1], out type))
            {
                throw new FormatException($"{path}:{number}: unknown query type '{parts[1]}'.");
            }

            yield return new QueryLine(parts[0], type);
        }
    }

    public static void Write(string path, IEnumerable<QueryLine> lines)
    {
        using var writer = new StreamWriter(path);
        foreach (var line in lines)
        {
            writer.Write(line.Name);
            writer.Write(' ');
            writer.WriteLine(RecordTypes.Name(line.Type));
        }
    }
}

using System.Text;

namespace WildDns.Registration.Tests.Est;

/// <summary>What curl received: the status, the raw header block and the body.</summary>
internal sealed record EstReply(int Status, string Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.Split('\n')
        .Select(line => line.TrimEnd('\r'))
        .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
        .Select(line => line[(name.Length + 1)..].Trim())
        .LastOrDefault();

    public override string ToString() => $"{Status} {Text}";
}

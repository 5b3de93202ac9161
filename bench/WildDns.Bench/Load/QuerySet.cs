namespace WildDns.Bench.Load;

/// <summary>
/// Every query of a run in wire form, built once before the first send so the hot loop only copies
/// bytes and patches the ID. Read-only after construction, so all senders share one instance.
/// </summary>
public sealed class QuerySet
{
    private readonly byte[] _wire;
    private readonly int[] _offsets;

    private QuerySet(byte[] wire, int[] offsets)
    {
        _wire = wire;
        _offsets = offsets;
    }

    public int Count => _offsets.Length - 1;

    public ReadOnlySpan<byte> this[int index] => _wire.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <summary>Builds the set from <c>(name, type)</c> pairs; throws on a name that cannot be encoded.</summary>
    public static QuerySet From(IEnumerable<QueryLine> lines)
    {
        var wire = new List<byte>(1 << 20);
        var offsets = new List<int> { 0 };
        Span<byte> message = stackalloc byte[QueryMessage.MaxLength];
        foreach (var line in lines)
        {
            var length = QueryMessage.Write(message, line.Name, line.Type);
            if (length == 0)
            {
                throw new FormatException($"'{line.Name}' is not a valid domain name.");
            }

            foreach (var b in message[..length])
            {
                wire.Add(b);
            }

            offsets.Add(wire.Count);
        }

        if (offsets.Count == 1)
        {
            throw new FormatException("There are no queries to send.");
        }

        return new QuerySet([.. wire], [.. offsets]);
    }
}

namespace WildDns.Dns.Tsig;

/// <summary>The configured TSIG keys by name; immutable and safe to share between threads.</summary>
public sealed class TsigKeyRing
{
    private readonly Dictionary<string, TsigKey> keys;

    /// <summary>Throws <see cref="ArgumentException"/> when two keys share a name.</summary>
    public TsigKeyRing(IEnumerable<TsigKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        this.keys = new Dictionary<string, TsigKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!this.keys.TryAdd(key.Name, key))
            {
                throw new ArgumentException($"the TSIG key '{key.Name}' is defined twice.", nameof(keys));
            }
        }
    }

    public static TsigKeyRing Empty { get; } = new([]);

    public int Count => keys.Count;

    public IEnumerable<TsigKey> Keys => keys.Values;

    /// <summary>The key of that name (lower case, no root dot), or null.</summary>
    public TsigKey? Find(string name) => keys.GetValueOrDefault(name);
}

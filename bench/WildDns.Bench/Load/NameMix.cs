namespace WildDns.Bench.Load;

/// <summary>
/// The proportions of each <see cref="NameKind"/> among generated names.
/// <c>a,aaaa,nodata</c> weighs them equally; <c>a=6,aaaa=2,nxdomain=1</c> weighs them as given.
/// </summary>
public sealed class NameMix
{
    private readonly (NameKind Kind, int Weight)[] _parts;

    private NameMix((NameKind Kind, int Weight)[] parts)
    {
        _parts = parts;
    }

    public static NameMix OnlyA { get; } = new([(NameKind.A, 1)]);

    public IReadOnlyList<(NameKind Kind, int Weight)> Parts => _parts;

    public static NameMix Parse(string text)
    {
        var parts = new List<(NameKind, int)>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, weightText) = item.IndexOf('=') is var eq and >= 0 ? (item[..eq], item[(eq + 1)..]) : (item, "1");
            if (!Enum.TryParse<NameKind>(name, ignoreCase: true, out var kind) || int.TryParse(name, out _))
            {
                throw new ArgumentException($"--mix: unknown kind '{name}' (known: {string.Join(", ", Enum.GetNames<NameKind>()).ToLowerInvariant()}).");
            }

            if (!int.TryParse(weightText, out var weight) || weight < 0)
            {
                throw new ArgumentException($"--mix: weight of '{name}' must be a whole number, got '{weightText}'.");
            }

            if (weight > 0)
            {
                parts.Add((kind, weight));
            }
        }

        return parts.Count > 0 ? new NameMix([.. parts]) : throw new ArgumentException("--mix: no kind with a positive weight.");
    }

    /// <summary>
    /// <paramref name="count"/> distinct names under <paramref name="zone"/>. The same arguments give the
    /// same names in the same order on every machine, so two servers can be asked exactly the same things.
    /// </summary>
    public IEnumerable<QueryLine> Generate(int count, string zone)
    {
        var total = _parts.Sum(p => p.Weight);
        // A seeded Random is deterministic across runs and platforms; no cryptographic quality is needed.
        var random = new Random(20240601);
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(total);
            var kind = _parts[0].Kind;
            foreach (var (k, weight) in _parts)
            {
                if (pick < weight)
                {
                    kind = k;
                    break;
                }

                pick -= weight;
            }

            yield return Name(kind, i, zone);
        }
    }

    private static QueryLine Name(NameKind kind, int index, string zone)
    {
        // Every name gets its own certificate identifier, so no two names are equal even where the
        // payload repeats; the hash spreads identifiers the way hashed serial numbers would be.
        var id = Scramble((uint)index).ToString("x8");
        var x = (index >> 8) & 0xFF;
        var y = index & 0xFF;
        return kind switch
        {
            NameKind.A => new($"192-168-{x}-{y}.{id}.{zone}", RecordTypes.A),
            NameKind.Aaaa => new($"fd00--{x:x}-{y:x}.{id}.{zone}", 28),
            NameKind.Cname => new($"pacs-{index:x}--hospital--example.{id}.cname.{zone}", RecordTypes.A),
            NameKind.NoData => new($"10-0-{x}-{y}.{id}.{zone}", 28),
            NameKind.NxDomain => new($"nx{index:x}.{id}.deep.deeper.{zone}", RecordTypes.A),
            NameKind.Txt => new($"_acme-challenge.{id}.{zone}", 16),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    // The lowbias32 integer hash: a bijection on 32 bits, so distinct indices give distinct identifiers.
    private static uint Scramble(uint value)
    {
        value ^= value >> 16;
        value *= 0x7feb352d;
        value ^= value >> 15;
        value *= 0x846ca68b;
        value ^= value >> 16;
        return value;
    }
}

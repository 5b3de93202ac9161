using WildDns.Core.Synthesis;

namespace WildDns.Dns.Zones;

/// <summary>
/// An immutable snapshot of everything served: the naming rules of each zone and the zone files' records.
/// A reload builds a new catalog and swaps it in whole, so a query never sees half of a change.
/// </summary>
public sealed class ZoneCatalog : IStaticNames
{
    private readonly Dictionary<string, StaticNode>.AlternateLookup<ReadOnlySpan<char>> staticNodes;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> staticNamesAndAncestors;

    internal ZoneCatalog(SynthesisPolicy policy, IReadOnlyList<ZoneData> zones, Dictionary<string, StaticNode> staticNodes)
    {
        Policy = policy;
        Zones = zones;
        StaticNodeCount = staticNodes.Count;
        this.staticNodes = staticNodes.GetAlternateLookup<ReadOnlySpan<char>>();

        // Every name from the zone files and each name above it, so that the challenge check is one lookup.
        var covering = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in staticNodes.Keys)
        {
            for (var suffix = name; suffix.Length > 0 && covering.Add(suffix);)
            {
                var dot = suffix.IndexOf('.', StringComparison.Ordinal);
                suffix = dot < 0 ? string.Empty : suffix[(dot + 1)..];
            }
        }

        staticNamesAndAncestors = covering.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public SynthesisPolicy Policy { get; }

    /// <summary>Indexed like <see cref="SynthesisPolicy.Zones"/>.</summary>
    internal IReadOnlyList<ZoneData> Zones { get; }

    public int StaticNodeCount { get; }

    /// <summary>The zones served, in the order of <see cref="SynthesisPolicy.Zones"/>, for logs.</summary>
    public IEnumerable<ZoneSummary> Summaries => Zones.Select(zone => new ZoneSummary(zone.Origin, zone.StaticRecords));

    /// <inheritdoc />
    public bool IsAtOrAboveStaticName(ReadOnlySpan<char> name) => staticNamesAndAncestors.Contains(name);

    /// <summary>Looks up a lower-case name without the root dot; null when the zone files do not mention it.</summary>
    internal StaticNode? FindStatic(ReadOnlySpan<char> name) => staticNodes.TryGetValue(name, out var node) ? node : null;
}

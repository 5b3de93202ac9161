using Microsoft.Extensions.Options;
using WildDns.Configuration;
using WildDns.Core.Networks;
using WildDns.Core.Synthesis;
using WildDns.Dns.Zones;

namespace WildDns.Hosting;

/// <summary>Loads the zone directory with the configured naming rules; used at start and on every reload.</summary>
public sealed class ZoneCatalogSource(IOptions<ZoneSettings> settings)
{
    /// <summary>The zone directory as configured, resolved against the working directory, else beside the executable.</summary>
    public string Directory => Resolve(settings.Value.Directory);

    /// <summary>Throws <see cref="InvalidDataException"/> or <see cref="ConfigurationError"/> saying what is wrong.</summary>
    public ZoneCatalog Load()
    {
        var zone = settings.Value;
        AllowedNetworks networks;
        try
        {
            networks = zone.AllowedNetworks.Count == 0 ? AllowedNetworks.Default : AllowedNetworks.Parse(zone.AllowedNetworks);
        }
        catch (FormatException e)
        {
            throw new ConfigurationError($"{ZoneSettings.Section}:AllowedNetworks", e.Message);
        }

        return ZoneFileLoader.LoadDirectory(
            Directory,
            origin => new ZonePolicy(origin, zone.AddressLabel, zone.AliasLabel, zone.MaxIdentifierLabels, networks));
    }

    private static string Resolve(string directory)
    {
        if (Path.IsPathRooted(directory) || System.IO.Directory.Exists(directory))
        {
            return Path.GetFullPath(directory);
        }

        var besideExecutable = Path.Combine(AppContext.BaseDirectory, directory);
        return System.IO.Directory.Exists(besideExecutable) ? besideExecutable : Path.GetFullPath(directory);
    }
}

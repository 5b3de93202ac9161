namespace WildDns.Configuration;

/// <summary>The reload keys of the <c>WildDns:Zones</c> section: when the zone directory is read again.</summary>
public sealed class ZoneReloadSettings
{
    public const string Section = ZoneSettings.Section;

    /// <summary>Reload when a file in the zone directory changes; SIGHUP reloads either way.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>
    /// How long the directory must be quiet before a reload: an editor or a deployment writes several files, or one file
    /// in several steps, and a reload between them would read half a change.
    /// </summary>
    public int ReloadDelayMilliseconds { get; set; } = 500;
}

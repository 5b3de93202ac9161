using Microsoft.Extensions.Configuration;

namespace WildDns.Configuration;

/// <summary>Binds a configuration section, turning a value of the wrong type into an error that names its key.</summary>
public static class SettingsBinder
{
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : class, new() => Bind(configuration, section, new T());

    /// <summary>Binds <paramref name="section"/> over <paramref name="settings"/>, whose values stay where the section has none.</summary>
    public static T Bind<T>(IConfiguration configuration, string section, T settings)
        where T : class
    {
        try
        {
            configuration.GetSection(section).Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the full key ("...at 'WildDns:Dns:Port' to type 'System.Int32'").
            throw new ConfigurationError(section, e.InnerException?.Message is { } inner ? $"{e.Message} {inner}" : e.Message);
        }

        return settings;
    }
}

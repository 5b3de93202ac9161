using WildDns.Registration.Hosting;
using WildDns.Registration.Ordering;

namespace WildDns.Configuration;

/// <summary>The short switches of <c>wilddns registrar serve</c>, each a key under <c>WildDns:Registrar</c>.</summary>
public static class RegistrarSwitches
{
    private const string Registrar = RegistrarSettings.Section;
    private const string Acme = AcmeSettings.Section;

    public static readonly CommandLineSwitch Data = new("--data", $"{Registrar}:DataDirectory", "DIR", "data directory: registry, keys, tokens [default: data]");
    public static readonly CommandLineSwitch Zone = new("--zone", $"{Registrar}:Zone", "ZONE", "the zone device names are in, e.g. cert.example.com");
    public static readonly CommandLineSwitch Store = new(
        "--store", $"{Registrar}:Store:ConnectionString", "CONNSTR", "PostgreSQL connection string of a registry shared by several registrars [default: SQLite in the data directory]");
    public static readonly CommandLineSwitch EstPort = new("--est-port", $"{Registrar}:Est:Port", "N", "HTTPS port of EST [default: 5443]");
    public static readonly CommandLineSwitch EstUrl = new("--est-url", $"{Registrar}:Est:Url", "URL", "EST base URL written into datasets [default: https://localhost:<est-port>/.well-known/est]");
    public static readonly CommandLineSwitch AdminPort = new("--admin-port", $"{Registrar}:Admin:Port", "N", "gRPC port of the admin API [default: 5382]");
    public static readonly CommandLineSwitch OpsPort = new(
        "--ops-port", $"{Registrar}:Operations:Port", "N", "HTTP/1.1 port of /metrics and /health/*; 0 turns it off [default: 5384]");
    public static readonly CommandLineSwitch OpsListen = new(
        "--ops-listen", $"{Registrar}:Operations:Listen", "ADDR", "IP address of the operations port; repeat for more [default: 127.0.0.1]", Repeatable: true);
    public static readonly CommandLineSwitch AcmeDirectory = new("--acme-directory", $"{Acme}:DirectoryUrl", "URL", "the CA's ACME directory URL");
    public static readonly CommandLineSwitch AcmeCaFile = new("--acme-ca-file", $"{Acme}:CaFile", "FILE", "PEM CA certificates to trust for the ACME server's TLS besides the system's");
    public static readonly CommandLineSwitch AcmeContact = new("--acme-contact", $"{Acme}:Contact", "EMAIL", "the ACME account's contact; repeat for more", Repeatable: true);
    public static readonly CommandLineSwitch CaCertificates = new("--ca-certs", $"{Acme}:CaCertificates", "FILE", "PEM CA certificates devices are told to trust (EST cacerts) [default: the top of the last chain issued]");
    public static readonly CommandLineSwitch Control = new("--control", $"{Acme}:ControlUrl", "URL", "the WildDns control plane challenges are published through [default: http://127.0.0.1:5380]");
    public static readonly CommandLineSwitch ControlTokenFile = new("--control-token-file", $"{Acme}:ControlTokenFile", "FILE", "file holding the control plane's token, e.g. the server's data/control.token");
    public static readonly CommandLineSwitch Nameserver = new(
        "--nameserver", $"{Acme}:Nameservers", "HOST:PORT", "an authoritative nameserver of the zone that must serve each challenge before it is answered; repeat for every one", Repeatable: true);

    /// <summary>Every switch, in the order help lists them.</summary>
    public static readonly IReadOnlyList<CommandLineSwitch> All =
        [Data, Zone, Store, EstPort, EstUrl, AdminPort, OpsPort, OpsListen, AcmeDirectory, AcmeCaFile, AcmeContact, CaCertificates, Control, ControlTokenFile, Nameserver];
}

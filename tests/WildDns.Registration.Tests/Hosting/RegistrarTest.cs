using WildDns.Registration.Admin;
using WildDns.Registration.Admin.V1;
using WildDns.Registration.Hosting;
using WildDns.Registration.Tests.Authority;
using Xunit;

namespace WildDns.Registration.Tests.Hosting;

/// <summary>A test class with its own registrar on a fresh data directory, stopped and removed after each test.</summary>
public abstract class RegistrarTest : IAsyncLifetime
{
    private protected string Data { get; } = TestRegistrar.NewDataDirectory();

    private protected TestCertificateAuthority Authority { get; } = new();

    private protected TestRegistrar Registrar { get; set; } = null!;

    public virtual async Task InitializeAsync() => Registrar = await TestRegistrar.StartAsync(Data, Authority, Adjust);

    public virtual async Task DisposeAsync()
    {
        await Registrar.DisposeAsync();
        Authority.Dispose();
        Directory.Delete(Data, recursive: true);
    }

    /// <summary>Changes the test registrar's settings before it starts.</summary>
    private protected virtual void Adjust(RegistrarSettings settings)
    {
    }

    /// <summary>Registers a device of St. Mary with <paramref name="serial"/> and returns its dataset.</summary>
    private protected async Task<KeyCreationDataset> RegisterAsync(string serial) =>
        KeyCreationDataset.FromJson((await Registrar.Admin().RegisterAsync(
            new RegisterRequest { Vendor = "ACME", Model = "CT 9000", Serial = serial, Institution = "St. Mary" })).Json)!;
}

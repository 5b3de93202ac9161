using WildDns.Registration.Identity;
using WildDns.Registration.Policy;
using WildDns.Registration.Registry;
using WildDns.Registration.Secrets;
using WildDns.Registration.Tests.Policy;

namespace WildDns.Registration.Tests.Registry;

/// <summary>Devices of one institution and their first enrollments, for tests that fill a registry.</summary>
internal static class TestDevices
{
    public static CertId CertIdOf(string serial)
    {
        CanonicalDataset.TryCreate(new DeviceDataset("ACME", "CT", serial, null, "St. Mary"), out var canonical, out _);
        return RegistryKey.FromBytes(new byte[32]).CertIdOf(canonical!);
    }

    public static async Task<CertId> AddAsync(IDeviceRegistry registry, string serial)
    {
        CanonicalDataset.TryCreate(new DeviceDataset("ACME", "CT", serial, null, "St. Mary"), out var canonical, out _);
        var certId = CertIdOf(serial);
        await registry.TryAddDeviceAsync(new Device(certId, canonical!.Dataset, canonical.Text, true, DateTimeOffset.UtcNow, SecretState.For("s", DateTimeOffset.UtcNow.AddDays(1))));
        return certId;
    }

    /// <summary>A new request for the device's own names, accepted now.</summary>
    public static Enrollment Candidate(CertId certId)
    {
        var names = new DeviceNames("cert.example.com").ForDevice(certId);
        var csr = TestRequests.Make([.. names]);
        return new Enrollment(0, certId, string.Empty, CertificateFingerprint.Of(csr), csr, names, EnrollmentState.Accepted, DateTimeOffset.UtcNow);
    }
}

using System.Net;
using System.Security.Cryptography;
using FluentAssertions;
using WildDns.Est;
using WildDns.Registration.Identity;
using WildDns.Registration.Policy;
using Xunit;

namespace WildDns.Registration.Tests.Policy;

public sealed class CsrPolicyTests
{
    private const string Address = "*.cjnnppdhus4ub.cert.example.com";
    private const string Alias = "*.cjnnppdhus4ub.cname.cert.example.com";

    private static readonly IReadOnlyList<string> Allowed = DeviceNamesFor("cjnnppdhus4ub");

    public static TheoryData<string, Func<CertificationRequest>, string[]> Accepted => new()
    {
        { "both names, P-256", () => TestRequests.Ec(ECCurve.NamedCurves.nistP256, "", Address, Alias), [Address, Alias] },
        { "the address name alone", () => TestRequests.Ec(ECCurve.NamedCurves.nistP256, "", Address), [Address] },
        { "the alias name alone, P-384", () => TestRequests.Ec(ECCurve.NamedCurves.nistP384, "", Alias), [Alias] },
        { "upper case and a trailing dot", () => TestRequests.Ec(ECCurve.NamedCurves.nistP256, "", "*.CJNNPPDHUS4UB.cert.example.com."), [Address] },
        { "an allowed name as common name only", () => TestRequests.Ec(ECCurve.NamedCurves.nistP256, $"CN={Address}"), [Address] },
        { "RSA 2048", () => TestRequests.Rsa(2048, Address), [Address] },
    };

    public static TheoryData<string, Func<CertificationRequest>, string> Refused => new()
    {
        { "a bad signature", () => TestRequests.WithBrokenSignature(Address), "signature does not verify" },
        { "a foreign certid", () => TestRequests.Ec(ECCurve.NamedCurves.nistP256, "", "*.cephn4tx4uuiw.cert.example.com"), "names *.cephn4tx4uuiw.cert.example.com, which this device may not have" },
        { "an extra name", () => TestRequests.Ec(ECCurve.NamedCurves.nistP256, "", Address, "www.example.com"), "names www.example.com" },
        { "a name under the certid without the wildcard", () => TestRequests.Ec(ECCurve.NamedCurves.nistP256, "", "cjnnppdhus4ub.cert.example.com"), "names cjnnppdhus4ub.cert.example.com" },
        { "a foreign common name", () => TestRequests.Ec(ECCurve.NamedCurves.nistP256, "CN=device.local", Address), "names device.local" },
        { "an IP address", () => TestRequests.WithAddress(Address, IPAddress.Parse("192.168.2.1")), "IP address 192.168.2.1" },
        { "an email address", () => TestRequests.WithEmail(Address, "a@example.com"), "rfc822Name" },
        { "no names", () => TestRequests.Ec(ECCurve.NamedCurves.nistP256), "names nothing" },
        { "P-521", () => TestRequests.Ec(ECCurve.NamedCurves.nistP521, "", Address), "use P-256 or P-384" },
        { "RSA 1024", () => TestRequests.Rsa(1024, Address), "RSA key has 1024 bits" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Acceptable_requests_pass_with_the_names_they_ask_for(string name, Func<CertificationRequest> request, string[] names)
    {
        var verdict = CsrPolicy.Judge(request(), Allowed);

        verdict.Accepted.Should().BeTrue($"{name}: {verdict.Reason}");
        verdict.Names.Should().Equal(names);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Unacceptable_requests_are_refused_with_a_reason(string name, Func<CertificationRequest> request, string reason)
    {
        var verdict = CsrPolicy.Judge(request(), Allowed);

        verdict.Accepted.Should().BeFalse(name);
        verdict.Reason.Should().Contain(reason, name);
    }

    [Fact]
    public void A_client_may_have_its_own_name_and_not_the_devices()
    {
        CertId.TryParse("cjnnppdhus4ub", out var certId);
        var client = new DeviceNames("cert.example.com").ForClient(certId, "client-viewer1");

        CsrPolicy.Judge(TestRequests.Ec(ECCurve.NamedCurves.nistP256, "", "*.cjnnppdhus4ub.client-viewer1.cert.example.com"), client).Accepted.Should().BeTrue();
        CsrPolicy.Judge(TestRequests.Ec(ECCurve.NamedCurves.nistP256, "", Address), client).Accepted.Should().BeFalse();
    }

    [Theory]
    [InlineData("client-viewer1", true)]
    [InlineData("client-a", true)]
    [InlineData("client-", false)]
    [InlineData("client--x", false)]
    [InlineData("client-x-", false)]
    [InlineData("client-X", false)]
    [InlineData("viewer1", false)]
    [InlineData("cname", false)]
    public void Client_labels_are_client_and_a_DNS_label(string label, bool valid)
    {
        ClientLabel.IsValid(label).Should().Be(valid);
    }

    private static IReadOnlyList<string> DeviceNamesFor(string certId)
    {
        CertId.TryParse(certId, out var parsed);
        return new DeviceNames("cert.example.com").ForDevice(parsed);
    }
}

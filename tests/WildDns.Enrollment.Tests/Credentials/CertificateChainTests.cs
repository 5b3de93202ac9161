using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using WildDns.Enrollment.Credentials;
using WildDns.Enrollment.Requests;
using Xunit;

namespace WildDns.Enrollment.Tests.Credentials;

public sealed class CertificateChainTests
{
    [Theory]
    [InlineData("already in order", new[] { 0, 1, 2 })]
    [InlineData("root first", new[] { 2, 1, 0 })]
    [InlineData("leaf last", new[] { 1, 2, 0 })]
    public void Order_PutsTheLeafFirst_ThenEachIssuer(string scenario, int[] given)
    {
        using var authority = new TestAuthority();
        using var request = DeviceCertificateRequest.Create(["*.c7k2m4q9x3b5t.cert.example.com"]);
        using var leaf = authority.Issue(request.Der);
        X509Certificate2[] chain = [leaf, authority.Intermediate, authority.Root];

        var ordered = CertificateChain.Order(given.Select(i => chain[i]).ToArray());

        ordered.Should().Equal(chain);
    }

    [Fact]
    public void ToPem_WritesOneBlockPerCertificate_ThatOpensAgain()
    {
        using var authority = new TestAuthority();

        var pem = CertificateChain.ToPem([authority.Intermediate, authority.Root]);
        var read = new X509Certificate2Collection();
        read.ImportFromPem(pem);

        read.Select(c => c.Thumbprint).Should().Equal(authority.Intermediate.Thumbprint, authority.Root.Thumbprint);
    }
}

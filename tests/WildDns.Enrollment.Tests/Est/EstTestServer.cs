using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WildDns.Est;

namespace WildDns.Enrollment.Tests.Est;

/// <summary>
/// An HTTPS server on loopback that answers EST the way a slow registrar does: 202 with Retry-After a set number of
/// times, then the certificate. It tests the client's side of the wire in-process; the registrar itself is tested
/// end to end with real processes in its own project.
/// </summary>
internal sealed class EstTestServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int enrollRequests;

    private EstTestServer(WebApplication app, X509Certificate2 tlsCertificate)
    {
        this.app = app;
        TlsCertificate = tlsCertificate;
    }

    public X509Certificate2 TlsCertificate { get; }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every enrollment request that reached the server, with its Authorization header.</summary>
    public List<string?> Authorizations { get; } = [];

    public static async Task<EstTestServer> StartAsync(TestAuthority authority, int pendingAnswers, int retryAfterSeconds)
    {
        var tlsCertificate = TlsCertificateFor("localhost");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(tlsCertificate)));
        var app = builder.Build();
        var server = new EstTestServer(app, tlsCertificate);
        app.MapGet("/.well-known/est/cacerts", () => CertsOnly([authority.Root]));
        app.MapPost("/.well-known/est/simpleenroll", async (HttpContext context) =>
        {
            server.Authorizations.Add(context.Request.Headers.Authorization.ToString());
            using var reader = new StreamReader(context.Request.Body);
            var csr = Convert.FromBase64String(await reader.ReadToEndAsync());
            if (Interlocked.Increment(ref server.enrollRequests) <= pendingAnswers)
            {
                context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.StatusCode(StatusCodes.Status202Accepted);
            }

            using var leaf = authority.Issue(csr);
            return CertsOnly([authority.Intermediate, leaf]);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)), "/.well-known/est");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        TlsCertificate.Dispose();
    }

    private static IResult CertsOnly(IEnumerable<X509Certificate2> certificates) =>
        Results.Text(System.Text.Encoding.ASCII.GetString(CertsOnlyMessage.EncodeBody(certificates)), EstMediaTypes.CertsOnly);

    private static X509Certificate2 TlsCertificateFor(string name)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}

using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WildDns.Est;
using WildDns.Registration.Authority;
using WildDns.Registration.Hosting;
using WildDns.Registration.Policy;
using WildDns.Registration.Workflow;

namespace WildDns.Registration.Est;

/// <summary>
/// The EST resources of RFC 7030 under <c>/.well-known/est/</c>: <c>cacerts</c>, <c>csrattrs</c>, <c>simpleenroll</c>
/// (HTTP Basic certid:secret), <c>simplereenroll</c> (the device's current certificate as TLS client certificate), and
/// the same under a client label, <c>/.well-known/est/client-&lt;name&gt;/simpleenroll</c>, for a client's certificate
/// requested by its device (RFC 7030 §3.2.2 arbitrary label; the device authenticates with its certificate). Only on the
/// EST port: requests that reach them through another listener get 404.
/// </summary>
public static class EstEndpoints
{
    /// <summary>Largest request body read: a PKCS#10 request with an RSA-8192 key is under 3 KB in base64.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    // What the registrar wants in a request (RFC 7030 §4.5.2): a P-256 key, signed with ECDSA-SHA256, names in subjectAltName.
    private static readonly CsrAttribute[] Wanted =
    [
        CsrAttribute.WithOids("1.2.840.10045.2.1", "1.2.840.10045.3.1.7"),
        CsrAttribute.Oid("1.2.840.10045.4.3.2"),
        CsrAttribute.WithOids("1.2.840.113549.1.9.14", "2.5.29.17"),
    ];

    public static IEndpointRouteBuilder MapWildDnsEst(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(EstPath.Prefix).AddEndpointFilter(OnEstPortOnly);
        group.MapGet($"/{EstPath.CaCertificates}", CaCertificatesAsync);
        group.MapGet($"/{{label}}/{EstPath.CaCertificates}", CaCertificatesAsync);
        group.MapGet($"/{EstPath.CsrAttributes}", CsrAttributesAnswer);
        group.MapGet($"/{{label}}/{EstPath.CsrAttributes}", CsrAttributesAnswer);
        group.MapPost($"/{EstPath.SimpleEnroll}", SimpleEnrollAsync);
        group.MapPost($"/{EstPath.SimpleReenroll}", (HttpContext context, EnrollmentGate gate) => WithCertificateAsync(context, gate, string.Empty));
        group.MapPost($"/{{label}}/{EstPath.SimpleEnroll}", (HttpContext context, EnrollmentGate gate, string label) => WithCertificateAsync(context, gate, label));
        group.MapPost($"/{{label}}/{EstPath.SimpleReenroll}", (HttpContext context, EnrollmentGate gate, string label) => WithCertificateAsync(context, gate, label));
        return endpoints;
    }

    private static async ValueTask<object?> OnEstPortOnly(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var settings = context.RequestServices.GetRequiredService<RegistrarSettings>();
        if (context.Connection.LocalPort != settings.Est.Port || !context.Request.IsHttps)
        {
            return Results.NotFound();
        }

        if (invocation.HttpContext.GetRouteValue("label") is string label && !ClientLabel.IsValid(label))
        {
            return Text(StatusCodes.Status404NotFound, $"'{label}' is not a client label: client- followed by lower-case letters, digits and inner hyphens.");
        }

        return await next(invocation).ConfigureAwait(false);
    }

    private static async Task<IResult> CaCertificatesAsync(HttpContext context, ICertificateAuthority authority)
    {
        var certificates = await authority.GetCaCertificatesAsync(context.RequestAborted).ConfigureAwait(false);
        return Base64(CertsOnlyMessage.EncodeBody(certificates), EstMediaTypes.CertsOnly);
    }

    private static IResult CsrAttributesAnswer() => Base64(CsrAttributes.EncodeBody(Wanted), EstMediaTypes.CsrAttributes);

    private static async Task<IResult> SimpleEnrollAsync(HttpContext context, EnrollmentGate gate)
    {
        if (!TryReadBasic(context.Request.Headers.Authorization.ToString(), out var user, out var secret))
        {
            // RFC 7030 §3.2.3: a server that wants HTTP-based authentication answers 401 with a challenge.
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"est\", charset=\"UTF-8\"";
            return Text(StatusCodes.Status401Unauthorized, "simpleenroll needs HTTP Basic authentication with the certid as user and the one-time secret as password.");
        }

        if (await ReadRequestAsync(context).ConfigureAwait(false) is not { } body)
        {
            return BodyProblem(context);
        }

        var answer = await gate.EnrollWithSecretAsync(user, secret, body, Peer(context), context.RequestAborted).ConfigureAwait(false);
        if (answer.Status == EstStatus.Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"est\", charset=\"UTF-8\"";
        }

        return Respond(answer, context, EstPath.SimpleEnroll);
    }

    private static async Task<IResult> WithCertificateAsync(HttpContext context, EnrollmentGate gate, string label)
    {
        if (await ReadRequestAsync(context).ConfigureAwait(false) is not { } body)
        {
            return BodyProblem(context);
        }

        var certificate = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted).ConfigureAwait(false);
        var answer = await gate.EnrollWithCertificateAsync(certificate, label, body, Peer(context), context.RequestAborted).ConfigureAwait(false);
        return Respond(answer, context, label.Length == 0 ? EstPath.SimpleReenroll : "client");
    }

    private static IResult Respond(EstAnswer answer, HttpContext context, string operation)
    {
        var result = Respond(answer);
        context.RequestServices.GetRequiredService<EnrollmentMetrics>().Answered(operation, (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK);
        return result;
    }

    private static IResult Respond(EstAnswer answer) => answer.Status switch
    {
        EstStatus.Issued => Base64(CertsOnlyMessage.EncodeBody(answer.Chain.Select(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate)), EstMediaTypes.CertsOnly),
        EstStatus.Pending => new PendingResult(answer.RetryAfter, answer.Reason),
        EstStatus.BadRequest => Text(StatusCodes.Status400BadRequest, answer.Reason),
        EstStatus.Unauthorized => Text(StatusCodes.Status401Unauthorized, answer.Reason),
        EstStatus.Forbidden => Text(StatusCodes.Status403Forbidden, answer.Reason),
        _ => Text(StatusCodes.Status409Conflict, answer.Reason),
    };

    /// <summary>The body, or null when it is too large or not of type application/pkcs10 (the status says which).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadRequestAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType is { Length: > 0 } type && !EstMediaTypes.Names(type, EstMediaTypes.Pkcs10))
        {
            context.Items[nameof(BodyProblem)] = (StatusCodes.Status415UnsupportedMediaType, $"The body must be {EstMediaTypes.Pkcs10} (RFC 7030 §4.2.1), not {type}.");
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                context.Items[nameof(BodyProblem)] = (StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBodyBytes} bytes; a certification request is a few KB.");
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static IResult BodyProblem(HttpContext context) =>
        context.Items[nameof(BodyProblem)] is (int status, string reason) ? Text(status, reason) : Text(StatusCodes.Status400BadRequest, "The body could not be read.");

    private static bool TryReadBasic(string header, out string user, out string secret)
    {
        user = secret = string.Empty;
        const string Scheme = "Basic ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[Scheme.Length..].Trim()));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            user = pair[..colon];
            secret = pair[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Peer(HttpContext context) => context.Connection.RemoteIpAddress is { } address
        ? $"{address}:{context.Connection.RemotePort.ToString(CultureInfo.InvariantCulture)}"
        : "unknown peer";

    // RFC 8951 §3.2: the Content-Transfer-Encoding header is not needed, but clients written to RFC 7030 look for it.
    private static IResult Base64(byte[] body, string mediaType) => new Base64Result(body, mediaType);

    private static IResult Text(int status, string reason) => Results.Text(reason + "\n", "text/plain; charset=utf-8", Encoding.UTF8, status);

    private sealed class Base64Result(byte[] body, string mediaType) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status200OK;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = mediaType;
            httpContext.Response.Headers["Content-Transfer-Encoding"] = "base64";
            httpContext.Response.ContentLength = body.Length;
            return httpContext.Response.Body.WriteAsync(body).AsTask();
        }
    }

    private sealed class PendingResult(TimeSpan retryAfter, string reason) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status202Accepted;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            // RFC 7030 §4.2.3: 202 and Retry-After in seconds; the client repeats the same request then.
            httpContext.Response.StatusCode = StatusCodes.Status202Accepted;
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            httpContext.Response.ContentType = "text/plain; charset=utf-8";
            return httpContext.Response.WriteAsync(reason + "\n");
        }
    }
}

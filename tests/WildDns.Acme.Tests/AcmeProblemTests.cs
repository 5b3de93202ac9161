using System.Text;
using FluentAssertions;
using Xunit;

namespace WildDns.Acme.Tests;

public sealed class AcmeProblemTests
{
    [Fact]
    public void ProblemDocumentWithSubproblemsIsReadWhole()
    {
        // RFC 8555 §6.7.1's example.
        const string Body = """
            {
                "type": "urn:ietf:params:acme:error:malformed",
                "detail": "Some of the identifiers requested were rejected",
                "subproblems": [
                    { "type": "urn:ietf:params:acme:error:malformed", "detail": "Invalid underscore in DNS name \"_example.org\"",
                      "identifier": { "type": "dns", "value": "_example.org" } },
                    { "type": "urn:ietf:params:acme:error:rejectedIdentifier", "detail": "This CA will not issue for \"example.net\"",
                      "identifier": { "type": "dns", "value": "example.net" } }
                ]
            }
            """;

        var problem = AcmeProblem.Parse(400, Encoding.UTF8.GetBytes(Body));

        problem.Type.Should().Be("urn:ietf:params:acme:error:malformed");
        problem.Status.Should().Be(400, "the response status stands in when the document has none");
        problem.Subproblems.Should().HaveCount(2);
        problem.Subproblems[1].Type.Should().Be("urn:ietf:params:acme:error:rejectedIdentifier");
        problem.Subproblems[1].Identifier!.Value.Should().Be("example.net");
        problem.ToString().Should().Contain("example.net: urn:ietf:params:acme:error:rejectedIdentifier");
        problem.IsRateLimited.Should().BeFalse();
    }

    [Fact]
    public void NullSubproblemsReadAsNone()
    {
        var problem = AcmeProblem.Parse(400, """{"type":"urn:ietf:params:acme:error:malformed","subproblems":[{"type":"x","subproblems":null}]}"""u8);
        problem.Subproblems.Single().Subproblems.Should().BeEmpty();
        problem.ToString().Should().Be("urn:ietf:params:acme:error:malformed: (no detail) [x: (no detail)]");
    }

    [Theory]
    [InlineData("rate limited", """{"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many","status":429}""", true)]
    [InlineData("bad nonce", """{"type":"urn:ietf:params:acme:error:badNonce","detail":"stale"}""", false)]
    public void RateLimitedIsTellable(string scenario, string body, bool rateLimited) =>
        AcmeProblem.Parse(429, Encoding.UTF8.GetBytes(body)).IsRateLimited.Should().Be(rateLimited);

    [Theory]
    [InlineData("an HTML error page", 502, "<html><body>Bad Gateway</body></html>", "HTTP 502: <html><body>Bad Gateway</body></html>")]
    [InlineData("an empty body", 503, "", "HTTP 503 without a problem document")]
    [InlineData("JSON that is not an object", 500, "[1,2]", "HTTP 500: [1,2]")]
    public void BodiesThatAreNoProblemDocumentBecomeOneNamingTheStatus(string scenario, int status, string body, string detail)
    {
        var problem = AcmeProblem.Parse(status, Encoding.UTF8.GetBytes(body));
        problem.Type.Should().Be("about:blank");
        problem.Status.Should().Be(status);
        problem.Detail.Should().Be(detail);
    }

    [Fact]
    public void ExceptionCarriesTypeDetailSubproblemsAndRetryAfter()
    {
        var problem = AcmeProblem.Parse(429, """{"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many new orders"}"""u8);
        var exception = new AcmeException(problem, TimeSpan.FromSeconds(90));

        exception.IsRateLimited.Should().BeTrue();
        exception.Type.Should().Be(AcmeErrorTypes.RateLimited);
        exception.Detail.Should().Be("too many new orders");
        exception.Subproblems.Should().BeEmpty();
        exception.RetryAfter.Should().Be(TimeSpan.FromSeconds(90));
        exception.Message.Should().Be("ACME error urn:ietf:params:acme:error:rateLimited: too many new orders; retry after 90 s");
    }
}

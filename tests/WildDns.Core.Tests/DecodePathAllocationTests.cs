using FluentAssertions;
using WildDns.Core.Challenges;
using WildDns.Core.Codec;
using WildDns.Core.Synthesis;
using Xunit;

namespace WildDns.Core.Tests;

/// <summary>The answer path runs per query, so its core calls must not allocate (STYLE: speed from design).</summary>
public sealed class DecodePathAllocationTests
{
    private static readonly string[] Names =
    [
        "192-168-2-1.abc123.cert.example.com", "fd00--1.abc123.a.cert.example.com.", "ip-10-0-0-1.abc123.cert.example.com",
        "pacs--hospital-abc--com.abc123.cname.cert.example.com", "dn-www--xn--mnchen-3ya--de.abc123.cert.example.com",
        "_acme-challenge.abc123.cert.example.com", "abc123.cert.example.com", "cert.example.com", "8-8-8-8.abc123.cert.example.com",
        "x.y.z.cert.example.com", "192-168-2-1.a.cname.cert.example.com", "192-168-2-1.abc123..cert.example.com",
        "192-168-2-1.ABC123.CERT.EXAMPLE.COM", "example.org",
    ];

    private readonly SynthesisPolicy policy = new([new ZonePolicy("example.com"), new ZonePolicy("cert.example.com")]);

    [Fact]
    public void DecodePath_DoesNotAllocate()
    {
        Span<byte> wire = stackalloc byte[256];
        Span<char> text = stackalloc char[256];
        Run(wire, text);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Run(wire, text);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    private void Run(Span<byte> wire, Span<char> text)
    {
        foreach (var name in Names)
        {
            foreach (var type in (ReadOnlySpan<ushort>)[QueryType.A, QueryType.Aaaa, QueryType.Txt, QueryType.Any])
            {
                var decision = policy.Decide(name, type);
                if (decision.Kind == AnswerKind.Alias)
                {
                    var payload = name.AsSpan(decision.PayloadStart, decision.PayloadLength);
                    EncodedHostName.WriteWire(payload, wire);
                    EncodedHostName.WriteText(payload, text);
                }
                else if (decision.Kind == AnswerKind.Address)
                {
                    decision.Address.WriteBytes(wire);
                }
            }

            policy.CheckChallengeName(name, out _);
        }

        EncodedAddress.TryDecode("fd00-0-0-0-0-0-0-1", out _);
        EncodedAddress.TryDecode("192-168-2-1", out _);
        EncodedHostName.IsValid("www--xn--mnchen-3ya--de");
        LdhLabel.IsValid("client-1");
        ChallengeValue.IsValid("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0");
    }
}

using FluentAssertions;
using WildDns.Core.Challenges;
using WildDns.Dns.Answers;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Tests.Zones;
using WildDns.Dns.Wire;
using Xunit;

namespace WildDns.Dns.Tests.Answers;

/// <summary>
/// Answers that cannot be given whole: a failure while answering becomes SERVFAIL with the exception handed to the
/// transport, and an answer larger than any message is cut with TC over UDP and SERVFAIL over TCP, never thrown.
/// </summary>
public sealed class AnswerFailureTests
{
    /// <summary>300 TXT records of 250 bytes at one name: about 78 kB, more than a message can carry.</summary>
    private static readonly string HugeZone = "$TTL 300\n@ IN SOA ns.huge.test. hostmaster.huge.test. 1 3600 600 86400 30\n@ IN NS ns\nns IN A 192.0.2.1\n"
        + string.Concat(Enumerable.Range(0, 300).Select(i => $"big IN TXT \"{i:D4}{new string('x', 246)}\"\n"));

    private readonly byte[] response = new byte[AnswerEngine.ResponseBufferSize];

    /// <summary>(case, the request's first 4 bytes or fewer, whether anything is answered).</summary>
    public static TheoryData<string, byte[], bool> Requests => new()
    {
        { "shorter than a header", [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0], false },
        { "a response (QR set)", [0x12, 0x34, 0x81, 0x00, 0, 1, 0, 0, 0, 0, 0, 0], false },
        { "a query: ID, opcode and RD echoed, CD and AD not", [0x12, 0x34, 0x29, 0x30, 0, 1, 0, 0, 0, 0, 0, 0], true },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void A_failure_answers_servfail_trusting_nothing_but_the_header(string scenario, byte[] request, bool answered)
    {
        var failure = new InvalidOperationException("boom");
        Array.Fill(response, (byte)0xEE);

        var outcome = AnswerEngine.Fail(request, response, failure);

        outcome.Failure.Should().BeSameAs(failure, scenario);
        outcome.Truncated.Should().BeFalse();
        if (!answered)
        {
            outcome.Should().Be(new AnswerOutcome(0, AnswerCategory.Dropped, 0, 0, false, failure), scenario);
            return;
        }

        outcome.Should().Be(new AnswerOutcome(12, AnswerCategory.Failed, ResponseCode.ServerFailure, 0, false, failure), scenario);
        Convert.ToHexString(response, 0, 12).Should().Be("1234A902" + "0000" + "0000" + "0000" + "0000", "opcode UPDATE (5) and RD, QR, SERVFAIL, no sections");
    }

    [Fact]
    public void An_exception_while_answering_becomes_servfail_with_the_exception()
    {
        var engine = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), new FailingChallenges());
        var query = new QueryBuilder(PublishedChallenges.TableName, 16) { Id = 0x4321 }.Build();

        var outcome = engine.Answer(query, response, overTcp: false);

        outcome.Category.Should().Be(AnswerCategory.Failed);
        outcome.ResponseCode.Should().Be(ResponseCode.ServerFailure);
        outcome.Failure.Should().BeOfType<IOException>();
        var header = ResponseHeader.Read(response.AsSpan(0, outcome.Length));
        (header.Id, header.ResponseCode, header.Questions).Should().Be(((ushort)0x4321, 2, (ushort)0));
    }

    /// <summary>(case, over TCP, the rcode, TC, AA, the category).</summary>
    public static TheoryData<string, bool, int, bool, bool, AnswerCategory> TooLarge => new()
    {
        { "over UDP: TC, so the resolver asks over TCP", false, ResponseCode.NoError, true, true, AnswerCategory.Static },
        { "over TCP: nothing to retry with, SERVFAIL", true, ResponseCode.ServerFailure, false, false, AnswerCategory.Failed },
    };

    [Theory]
    [MemberData(nameof(TooLarge))]
    public void A_zone_file_set_larger_than_any_message_is_cut_never_thrown(string scenario, bool overTcp, int rcode, bool truncated, bool authoritative, AnswerCategory category)
    {
        var engine = new AnswerEngine(ShippedZones.Load(("huge.test", HugeZone)), new AnswerOptions());
        var query = new QueryBuilder("big.huge.test", 16) { Edns = new EdnsSettings(4096) }.Build();

        var outcome = engine.Answer(query, response, overTcp);

        outcome.Failure.Should().BeNull(scenario);
        (outcome.ResponseCode, outcome.Truncated, outcome.Category).Should().Be((rcode, truncated, category), scenario);
        var header = ResponseHeader.Read(response.AsSpan(0, outcome.Length));
        (header.ResponseCode, header.Truncated, header.Authoritative, header.Answers).Should().Be((rcode, truncated, authoritative, (ushort)0), scenario);
        header.Additionals.Should().Be(1, "the OPT record stays");
        outcome.Length.Should().Be(query.Length, scenario);
    }

    [Theory]
    [InlineData("over UDP", false)]
    [InlineData("over TCP", true)]
    public void Challenge_values_beyond_any_message_are_cut_never_written_past_it(string scenario, bool overTcp)
    {
        var engine = new AnswerEngine(ShippedZones.Load(), new AnswerOptions(), new ManyChallenges());
        var query = new QueryBuilder(ManyChallenges.Name, 16).Build();

        var outcome = engine.Answer(query, response, overTcp);

        outcome.Failure.Should().BeNull(scenario);
        outcome.Truncated.Should().Be(!overTcp, scenario);
        outcome.ResponseCode.Should().Be(overTcp ? ResponseCode.ServerFailure : ResponseCode.NoError, scenario);
        ResponseHeader.Read(response).Answers.Should().Be(0, scenario);
    }

    /// <summary>A store whose read fails, as a damaged one might.</summary>
    private sealed class FailingChallenges : IChallengeReader
    {
        public ReadOnlySpan<string> Find(ReadOnlySpan<char> name) => throw new IOException("the store could not be read");
    }

    /// <summary>300 values of 250 characters at one name: more than a message can carry.</summary>
    private sealed class ManyChallenges : IChallengeReader
    {
        public const string Name = "_acme-challenge.many.cert.example.com";

        private readonly string[] values = [.. Enumerable.Range(0, 300).Select(i => $"{i:D4}" + new string('x', 246))];

        public ReadOnlySpan<string> Find(ReadOnlySpan<char> name) => name.SequenceEqual(Name) ? values : [];
    }
}

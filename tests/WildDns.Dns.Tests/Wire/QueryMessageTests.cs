using FluentAssertions;
using WildDns.Dns.Wire;
using Xunit;

namespace WildDns.Dns.Tests.Wire;

/// <summary>The plain query the tools write (`wilddns explain`, the operations tests): byte for byte as a stub resolver sends it.</summary>
public sealed class QueryMessageTests
{
    /// <summary>(case, name, type, EDNS UDP size, class, the message in hex).</summary>
    public static TheoryData<string, string, ushort, ushort, ushort, string> Messages => new()
    {
        { "A, no EDNS", "a.Example", 1, 0, 1, "abcd 0000 0001 0000 0000 0000 0161 074578616d706c65 00 0001 0001" },
        { "the root dot is optional", "a.Example.", 1, 0, 1, "abcd 0000 0001 0000 0000 0000 0161 074578616d706c65 00 0001 0001" },
        { "the root itself", ".", 2, 0, 1, "abcd 0000 0001 0000 0000 0000 00 0002 0001" },
        { "TXT in class CH with EDNS 1232", "x", 16, 1232, 3, "abcd 0000 0001 0000 0000 0001 0178 00 0010 0003 00 0029 04d0 00000000 0000" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_query_is_written_as_a_stub_resolver_sends_it(string scenario, string name, ushort type, ushort ednsUdpSize, ushort @class, string hex)
    {
        var destination = Enumerable.Repeat((byte)0xEE, 512).ToArray();

        var length = QueryMessage.Write(destination, 0xABCD, name, type, ednsUdpSize, @class);

        Convert.ToHexString(destination, 0, length).Should().Be(hex.Replace(" ", string.Empty).ToUpperInvariant(), scenario);
    }

    [Fact]
    public void The_written_query_parses_back_to_its_question()
    {
        var message = new byte[512];
        var length = QueryMessage.Write(message, 7, "192-168-2-1.abc.cert.example.com", 28, ednsUdpSize: 4096);

        QueryParser.Parse(message.AsSpan(0, length), new byte[256], new char[256], out var query).Should().Be(ParseOutcome.Query);

        (query.Id, query.QuestionType, query.QuestionClass, query.HasEdns, query.EdnsUdpSize).Should().Be(((ushort)7, (ushort)28, (ushort)1, true, (ushort)4096));
    }

    [Theory]
    [InlineData("an empty label", "a..example")]
    [InlineData("a 64-octet label", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example")]
    public void A_name_that_is_not_a_domain_name_is_refused(string scenario, string name)
    {
        var write = () => QueryMessage.Write(new byte[512], 1, name, 1);

        write.Should().Throw<ArgumentException>(scenario).WithMessage($"'{name}' has a label of *").Which.ParamName.Should().Be("name");
    }

    [Fact]
    public void A_63_octet_label_is_written()
    {
        var label = new string('a', 63);

        QueryMessage.Write(new byte[512], 1, label, 1).Should().Be(12 + 1 + 63 + 1 + 4);
    }
}

using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Dns.Tests.Answers;
using WildDns.Dns.Tests.Wire;
using WildDns.Dns.Transport;
using Xunit;

namespace WildDns.Dns.Tests.Transport;

/// <summary>SPEC §4 and the header rules of §3, against the real server over UDP and TCP.</summary>
public sealed class ProtocolTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string AddressName = "192-168-2-1.cald5f5f7ba45.cert.example.com";
    private const ushort TypeA = 1;
    private const ushort TypeTxt = 16;

    private IPEndPoint Server => fixture.Server.Endpoint;

    public static TheoryData<DnsTransport> Transports() => [DnsTransport.Udp, DnsTransport.Tcp];

    public static TheoryData<int, DnsTransport> Opcodes()
    {
        var data = new TheoryData<int, DnsTransport>();
        for (var opcode = 1; opcode <= 15; opcode++)
        {
            data.Add(opcode, DnsTransport.Udp);
            data.Add(opcode, DnsTransport.Tcp);
        }

        return data;
    }

    public static TheoryData<string, DnsTransport> MalformedCases()
    {
        var data = new TheoryData<string, DnsTransport>();
        foreach (var name in MalformedMessages.Keys)
        {
            data.Add(name, DnsTransport.Udp);
            data.Add(name, DnsTransport.Tcp);
        }

        return data;
    }

    /// <summary>Messages with a readable header and a broken body, each of which must get FORMERR with its ID.</summary>
    private static Dictionary<string, byte[]> MalformedMessages { get; } = new()
    {
        ["no question (QDCOUNT 0)"] = [0x12, 0x34, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0],
        ["two questions (QDCOUNT 2)"] = [0x12, 0x34, 0x01, 0x00, 0, 2, 0, 0, 0, 0, 0, 0, .. Question("a.cert.example.com"), .. Question("b.cert.example.com")],
        ["question cut off after the name"] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, .. QueryBuilder.EncodeName("cert.example.com")],
        ["name without its root label"] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 4, (byte)'c', (byte)'e', (byte)'r', (byte)'t'],
        ["label type 0x40 (RFC 6891 §5)"] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, (byte)'x', 0, 0, 1, 0, 1],
        ["compression pointer forwards"] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 18, 0, 1, 0, 1, 0],
        ["answer count promises a missing record"] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 1, 0, 0, 0, 0, .. Question("cert.example.com")],
        ["two OPT records"] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 2, .. Question("cert.example.com"), .. Opt(), .. Opt()],
        ["OPT owned by a name other than the root"] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1, .. Question("cert.example.com"), 1, (byte)'x', .. Opt()],
        ["record data longer than the message"] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1, .. Question("cert.example.com"), 0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 200],
        ["question type OPT"] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, .. QueryBuilder.EncodeName("cert.example.com"), 0, 41, 0, 1],
    };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Answer_CopiesRecursionDesired_AndNeverOffersRecursion(DnsTransport transport)
    {
        foreach (var recursionDesired in new[] { true, false })
        {
            var query = new QueryBuilder(AddressName) { RecursionDesired = recursionDesired, CheckingDisabled = true }.Build();

            var response = await RawAsync(query, transport);

            var header = ResponseHeader.Read(response);
            header.RecursionDesired.Should().Be(recursionDesired);
            header.CheckingDisabled.Should().BeTrue("CD is copied too (RFC 4035 §3.1.6)");
            header.RecursionAvailable.Should().BeFalse();
            header.Authoritative.Should().BeTrue();
            header.Id.Should().Be(0x5a5a);
        }
    }

    [Theory]
    [MemberData(nameof(Opcodes))]
    public async Task OpcodeOtherThanQuery_GetsNotImp(int opcode, DnsTransport transport)
    {
        var query = new QueryBuilder(AddressName) { Opcode = opcode, Id = 0x4242 }.Build();

        var header = ResponseHeader.Read(await RawAsync(query, transport));

        header.IsResponse.Should().BeTrue();
        header.Id.Should().Be(0x4242);
        header.Opcode.Should().Be(opcode, "the opcode is copied (RFC 1035 §4.1.1)");
        header.ResponseCode.Should().Be((int)ReturnCode.NotImplemented);
        header.Authoritative.Should().BeFalse();
        header.Answers.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task UnknownOpcodeWithoutAQuestion_GetsNotImp_NotFormErr(DnsTransport transport)
    {
        // RFC 8490 §5.1.1: a DSO message (opcode 6) has no question; a server without DSO answers NOTIMP, since it
        // cannot judge the body of a kind of message it does not know.
        byte[] dso = [0x43, 0x21, 0x30, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 4, 0, 0, 0x75, 0x30];

        var header = ResponseHeader.Read(await RawAsync(dso, transport));

        header.Id.Should().Be(0x4321);
        header.Opcode.Should().Be(6);
        header.ResponseCode.Should().Be((int)ReturnCode.NotImplemented);
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public async Task MalformedMessage_WithReadableHeader_GetsFormErr(string malformed, DnsTransport transport)
    {
        var header = ResponseHeader.Read(await RawAsync(MalformedMessages[malformed], transport));

        header.IsResponse.Should().BeTrue();
        header.Id.Should().Be(0x1234);
        header.ResponseCode.Should().Be((int)ReturnCode.FormatError);
        header.Answers.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task EdnsQuery_GetsOptBack_WithOurSizeAndTheDoBit(DnsTransport transport)
    {
        var query = new QueryBuilder(AddressName) { Edns = new EdnsSettings(UdpSize: 4096, DnssecOk: true) }.Build();

        var response = DnsExchange.Parse(await RawAsync(query, transport));

        response.ReturnCode.Should().Be(ReturnCode.NoError);
        var opt = response.AdditionalRecords.OfType<OptRecord>().Should().ContainSingle().Subject;
        opt.UdpPayloadSize.Should().Be(1232, "the server states its own maximum (RFC 6891 §6.2.3)");
        opt.Version.Should().Be(0);
        opt.IsDnsSecOk.Should().BeTrue("DO is copied (RFC 3225 §3)");
        response.AnswerRecords.Should().ContainSingle();
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task QueryWithoutEdns_GetsNoOpt(DnsTransport transport)
    {
        var response = DnsExchange.Parse(await RawAsync(new QueryBuilder(AddressName).Build(), transport));

        response.ReturnCode.Should().Be(ReturnCode.NoError);
        response.AdditionalRecords.Should().BeEmpty("RFC 6891 §7: no OPT in a response to a query without one");
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task EdnsVersionAboveZero_GetsBadVers(DnsTransport transport)
    {
        var query = new QueryBuilder(AddressName) { Edns = new EdnsSettings(Version: 1) }.Build();

        var bytes = await RawAsync(query, transport);

        var response = DnsExchange.Parse(bytes);
        response.ReturnCode.Should().Be(ReturnCode.BadVersion, "RFC 6891 §6.1.3: rcode 16 across the header and the OPT record");
        ResponseHeader.Read(bytes).ResponseCode.Should().Be(0, "the low four bits of 16");
        response.AdditionalRecords.OfType<OptRecord>().Should().ContainSingle().Which.Version.Should().Be(0, "the version we do speak");
        response.AnswerRecords.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task QueryLargerThan512Bytes_WithEdnsPadding_IsAnswered(DnsTransport transport)
    {
        var query = new QueryBuilder(AddressName) { Edns = new EdnsSettings { Options = EdnsSettings.Padding(600) } }.Build();
        query.Length.Should().BeGreaterThan(512);

        var response = DnsExchange.Parse(await RawAsync(query, transport));

        response.ReturnCode.Should().Be(ReturnCode.NoError);
        RecordText.FromMessage(response.AnswerRecords).Should().Equal(RecordText.FromZoneFile([$"{AddressName}. 3600 IN A 192.168.2.1"]));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task QueryWithACookie_IsAnsweredNormally(DnsTransport transport)
    {
        var query = new QueryBuilder(AddressName) { Edns = new EdnsSettings { Options = EdnsSettings.ClientCookie() } }.Build();

        var response = DnsExchange.Parse(await RawAsync(query, transport));

        response.ReturnCode.Should().Be(ReturnCode.NoError);
        response.AnswerRecords.Should().ContainSingle();
    }

    [Fact]
    public async Task UdpAnswerOver512Bytes_FitsWithinTheRequestersEdnsSize()
    {
        var query = new QueryBuilder(PublishedChallenges.MediumName, TypeTxt) { Edns = new EdnsSettings(UdpSize: 1232) }.Build();

        var bytes = await RawAsync(query, DnsTransport.Udp);

        bytes.Length.Should().BeInRange(513, 1232);
        ResponseHeader.Read(bytes).Truncated.Should().BeFalse();
        DnsExchange.Parse(bytes).AnswerRecords.Should().HaveCount(15);
    }

    [Theory]
    [InlineData("no EDNS: 512 bytes", 0, PublishedChallenges.MediumName, 512)]
    [InlineData("EDNS 600 bytes", 600, PublishedChallenges.MediumName, 600)]
    [InlineData("EDNS below 512 counts as 512", 100, PublishedChallenges.MediumName, 512)]
    [InlineData("EDNS 4096 is capped at the server's 1232", 4096, PublishedChallenges.LargeName, 1232)]
    public async Task UdpAnswerLargerThanAllowed_IsTruncated_WithTC(string scenario, ushort ednsSize, string name, int limit)
    {
        var query = new QueryBuilder(name, TypeTxt) { Edns = ednsSize == 0 ? null : new EdnsSettings(UdpSize: ednsSize) }.Build();

        var bytes = await RawAsync(query, DnsTransport.Udp);

        bytes.Length.Should().BeLessThanOrEqualTo(limit, scenario);
        var header = ResponseHeader.Read(bytes);
        header.Truncated.Should().BeTrue(scenario);
        header.Answers.Should().Be(0, "RFC 2181 §9: whole sections are dropped rather than a partial RRset sent");
        header.Questions.Should().Be(1);
        header.ResponseCode.Should().Be(0);
        DnsExchange.Parse(bytes).AdditionalRecords.OfType<OptRecord>().Should().HaveCount(ednsSize == 0 ? 0 : 1, "OPT stays in a truncated answer");
    }

    [Fact]
    public async Task TruncatedUdpAnswer_IsAnsweredInFullOverTcp()
    {
        var tcpBytes = await RawAsync(new QueryBuilder(PublishedChallenges.LargeName, TypeTxt) { Edns = new EdnsSettings() }.Build(), DnsTransport.Tcp);
        ResponseHeader.Read(tcpBytes).Truncated.Should().BeFalse();
        DnsExchange.Parse(tcpBytes).AnswerRecords.Should().HaveCount(30);
        tcpBytes.Length.Should().BeGreaterThan(1232);

        // A client library that sees TC over UDP retries over TCP by itself (RFC 7766 §5).
        var client = new DnsClient([Server.Address], [new UdpClientTransport(Server.Port), new TcpClientTransport(Server.Port)], false, 5000);
        var message = new DnsMessage { IsEDnsEnabled = true };
        message.Questions.Add(new DnsQuestion(DomainName.Parse(PublishedChallenges.LargeName), RecordType.Txt, RecordClass.INet));
        var response = await client.SendMessageAsync(message);
        response.Should().NotBeNull();
        response!.IsTruncated.Should().BeFalse();
        response.AnswerRecords.Should().HaveCount(30);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ClientWith0x20Validation_AcceptsTheEchoedQuestion(DnsTransport transport)
    {
        IClientTransport carrier = transport == DnsTransport.Udp ? new UdpClientTransport(Server.Port) : new TcpClientTransport(Server.Port);
        var client = new DnsClient([Server.Address], [carrier], false, 5000) { Is0x20ValidationEnabled = true };

        var response = await client.ResolveAsync(DomainName.Parse(AddressName), RecordType.A);

        response.Should().NotBeNull("ARSoft drops an answer whose question does not echo its random letter case");
        response!.AnswerRecords.OfType<ARecord>().Should().ContainSingle().Which.Address.Should().Be(IPAddress.Parse("192.168.2.1"));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ResponseToAResponse_IsNeverSent(DnsTransport transport)
    {
        var query = new QueryBuilder(AddressName) { IsResponse = true }.Build();

        var response = await DnsExchange.SendAsync(Server, transport, query, DnsExchange.SilenceWindow);

        response.Should().BeNull("answering answers would let anyone bounce traffic between servers");
    }

    private static byte[] Question(string name) => [.. QueryBuilder.EncodeName(name), 0, (byte)TypeA, 0, 1];

    /// <summary>An empty OPT record for the root, UDP size 1232 (RFC 6891 §6.1.2).</summary>
    private static byte[] Opt() => [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0];

    private async Task<byte[]> RawAsync(byte[] query, DnsTransport transport) =>
        await DnsExchange.SendAsync(Server, transport, query, DnsExchange.ReplyTimeout)
        ?? throw new TimeoutException($"no answer over {transport}");
}

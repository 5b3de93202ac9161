using FluentAssertions;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Updates;

/// <summary>
/// A captured signed UPDATE cannot be used again (RFC 8945 §5.2.3, §10): before, a replayed "delete the TXT set" was
/// applied as often as it was sent within its window, and a client-chosen fudge of 65535 s made that window 18 hours.
/// </summary>
public sealed class ReplayTests(UpdateServerFixture fixture) : IClassFixture<UpdateServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_replayed_delete_is_refused_badtime_signed_and_a_value_published_after_it_stays()
    {
        var name = UpdateServerFixture.NewChallengeName();
        var (delete, deleteMac) = Signed(UpdateWire.DeleteTxtSet(0x0d0d, UpdateServerFixture.Zone, name));
        var fresh = AcmeDigest.New();

        ResponseCodeOf(await UpdateWire.ExchangeAsync(Server.DnsEndpoint, Signed(UpdateWire.AddTxt(1, UpdateServerFixture.Zone, name, AcmeDigest.New(), edns: false)).Message)).Should().Be(0);
        ResponseCodeOf(await UpdateWire.ExchangeAsync(Server.DnsEndpoint, delete)).Should().Be(0);
        ResponseCodeOf(await UpdateWire.ExchangeAsync(Server.DnsEndpoint, Signed(UpdateWire.AddTxt(2, UpdateServerFixture.Zone, name, fresh, edns: false)).Message)).Should().Be(0);

        var replay = await UpdateWire.ExchangeAsync(Server.DnsEndpoint, delete);
        var response = UpdateResponse.Parse(replay);

        response.ResponseCode.Should().Be(9, "NOTAUTH");
        response.TsigError.Should().Be(18, "BADTIME: the signature is genuine, its one use is spent");
        UpdateWire.VerifyResponse(replay, response, "acme-key", fixture.AcmeSecret, deleteMac).Should().BeTrue("the refusal is signed");
        (await DnsProbe.TxtAsync(Server.DnsEndpoint, name)).Should().Equal(fresh);
    }

    [Fact]
    public async Task A_client_chosen_fudge_beyond_300_seconds_does_not_admit_a_message_signed_an_hour_ago()
    {
        var name = UpdateServerFixture.NewChallengeName();
        var anHourAgo = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var (request, _) = UpdateWire.Sign(
            UpdateWire.AddTxt(3, UpdateServerFixture.Zone, name, AcmeDigest.New(), edns: false), "acme-key", fixture.AcmeSecret, anHourAgo, fudge: 65535);

        var response = UpdateResponse.Parse(await UpdateWire.ExchangeAsync(Server.DnsEndpoint, request));

        response.ResponseCode.Should().Be(9);
        response.TsigError.Should().Be(18);
        (await DnsProbe.TxtAsync(Server.DnsEndpoint, name)).Should().BeEmpty();
    }

    private (byte[] Message, byte[] Mac) Signed(byte[] update) =>
        UpdateWire.Sign(update, "acme-key", fixture.AcmeSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private static int ResponseCodeOf(byte[] response) => response[3] & 0x0F;
}

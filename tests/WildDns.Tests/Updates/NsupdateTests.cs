using System.Net;
using ARSoft.Tools.Net.Dns;
using FluentAssertions;
using WildDns.Client;
using WildDns.Tests.Harness;
using Xunit;

namespace WildDns.Tests.Updates;

/// <summary>
/// RFC 2136 UPDATE signed with TSIG (RFC 8945), sent by BIND's nsupdate and Knot's knsupdate to the real server, and
/// checked by asking DNS (and the control plane, which shares the store) what is published afterwards.
/// </summary>
public sealed class NsupdateTests(UpdateServerFixture fixture) : IClassFixture<UpdateServerFixture>
{
    private ServerProcess Server => fixture.Server;

    private string[] AcmeKey => ["-y", fixture.AcmeKeyArgument];

    [RequiresToolsFact("nsupdate")]
    public async Task An_add_signed_with_the_key_is_answered_by_dns_and_raises_the_soa_serial()
    {
        var name = UpdateServerFixture.NewChallengeName();
        var value = AcmeDigest.New();
        var serialBefore = await SerialAsync();

        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, $"update add {name}. 60 TXT \"{value}\"");

        run.ExitCode.Should().Be(0, run.Output);
        (await DnsProbe.TxtAsync(Server.DnsEndpoint, name)).Should().Equal(value);
        (await SerialAsync()).Should().BeGreaterThan(serialBefore);
    }

    [RequiresToolsFact("nsupdate")]
    public async Task An_add_and_a_delete_are_logged_with_the_key_and_a_digest_never_the_value()
    {
        var name = UpdateServerFixture.NewChallengeName();
        var value = AcmeDigest.New();
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..8];

        (await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, $"update add {name}. 60 TXT \"{value}\"")).ExitCode.Should().Be(0);
        (await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, $"update delete {name}. TXT \"{value}\"")).ExitCode.Should().Be(0);

        // The log reaches the captured output a moment after the update is answered.
        var publish = $"Control change: publish {name} value {digest}, by RFC 2136 UPDATE with TSIG key acme-key";
        var remove = $"Control change: remove {name} value {digest}, by RFC 2136 UPDATE with TSIG key acme-key";
        for (var attempt = 0; attempt < 50 && !(Server.Output.Contains(publish, StringComparison.Ordinal) && Server.Output.Contains(remove, StringComparison.Ordinal)); attempt++)
        {
            await Task.Delay(100);
        }

        Server.Output.Should().Contain(publish).And.Contain(remove).And.NotContain(value);
    }

    [RequiresToolsFact("knsupdate")]
    public async Task A_second_value_at_the_same_name_is_answered_beside_the_first_and_listed_by_the_control_plane()
    {
        var name = UpdateServerFixture.NewChallengeName();
        var (first, second) = (AcmeDigest.New(), AcmeDigest.New());

        var firstRun = await UpdateTools.KnsupdateAsync(Server.DnsPort, AcmeKey, $"zone {UpdateServerFixture.Zone}.", $"update add {name}. 60 TXT \"{first}\"");
        var secondRun = await UpdateTools.KnsupdateAsync(Server.DnsPort, AcmeKey, $"zone {UpdateServerFixture.Zone}.", $"update add {name}. 60 TXT \"{second}\"");

        firstRun.ExitCode.Should().Be(0, firstRun.Output);
        secondRun.ExitCode.Should().Be(0, secondRun.Output);
        (await DnsProbe.TxtAsync(Server.DnsEndpoint, name)).Should().BeEquivalentTo([first, second]);
        using var client = Server.CreateClient();
        (await client.ListAsync(name[(name.IndexOf('.') + 1)..])).Select(entry => entry.Value).Should().BeEquivalentTo([first, second]);
    }

    [RequiresToolsFact("nsupdate")]
    public async Task Deleting_one_value_keeps_the_other()
    {
        var name = UpdateServerFixture.NewChallengeName();
        var (kept, deleted) = (AcmeDigest.New(), AcmeDigest.New());
        await AddAsync(name, kept, deleted);

        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, $"update delete {name}. TXT \"{deleted}\"");

        run.ExitCode.Should().Be(0, run.Output);
        (await DnsProbe.TxtAsync(Server.DnsEndpoint, name)).Should().Equal(kept);
    }

    [RequiresToolsFact("nsupdate")]
    public async Task Deleting_the_txt_set_leaves_nodata()
    {
        var name = UpdateServerFixture.NewChallengeName();
        await AddAsync(name, AcmeDigest.New(), AcmeDigest.New());

        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, $"update delete {name}. TXT");

        run.ExitCode.Should().Be(0, run.Output);
        await ShouldAnswerNoDataAsync(name);
    }

    [RequiresToolsFact("knsupdate")]
    public async Task Deleting_every_record_at_the_name_leaves_nodata()
    {
        var name = UpdateServerFixture.NewChallengeName();
        await AddAsync(name, AcmeDigest.New(), AcmeDigest.New());

        var run = await UpdateTools.KnsupdateAsync(Server.DnsPort, AcmeKey, $"zone {UpdateServerFixture.Zone}.", $"update delete {name}.");

        run.ExitCode.Should().Be(0, run.Output);
        await ShouldAnswerNoDataAsync(name);
    }

    [RequiresToolsFact("nsupdate")]
    public async Task A_prerequisite_that_the_set_is_absent_fails_with_yxrrset_when_a_value_is_there_and_changes_nothing()
    {
        var name = UpdateServerFixture.NewChallengeName();
        var existing = AcmeDigest.New();
        await AddAsync(name, existing);

        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, $"prereq nxrrset {name}. TXT", $"update add {name}. 60 TXT \"{AcmeDigest.New()}\"");

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("YXRRSET");
        (await DnsProbe.TxtAsync(Server.DnsEndpoint, name)).Should().Equal(existing);
    }

    [RequiresToolsFact("nsupdate")]
    public async Task A_prerequisite_that_the_set_exists_fails_with_nxrrset_on_an_empty_name_and_holds_after_an_add()
    {
        var name = UpdateServerFixture.NewChallengeName();
        var value = AcmeDigest.New();

        var failed = await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, $"prereq yxrrset {name}. TXT", $"update add {name}. 60 TXT \"{value}\"");
        failed.ExitCode.Should().NotBe(0);
        failed.Output.Should().Contain("NXRRSET");
        await ShouldAnswerNoDataAsync(name);

        await AddAsync(name, value);
        var wrongValue = await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, $"prereq yxrrset {name}. TXT \"{AcmeDigest.New()}\"", $"update delete {name}. TXT");
        wrongValue.Output.Should().Contain("NXRRSET");
        var rightValue = await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, $"prereq yxrrset {name}. TXT \"{value}\"", $"update delete {name}. TXT");
        rightValue.ExitCode.Should().Be(0, rightValue.Output);
        await ShouldAnswerNoDataAsync(name);
    }

    [RequiresToolsFact("nsupdate")]
    public async Task An_unknown_key_gets_notauth_badkey()
    {
        var name = UpdateServerFixture.NewChallengeName();

        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, ["-y", $"hmac-sha256:other-key:{Convert.ToBase64String(fixture.AcmeSecret)}"], $"update add {name}. 60 TXT \"{AcmeDigest.New()}\"");

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("NOTAUTH(BADKEY)");
        await ShouldAnswerNoDataAsync(name);
    }

    [RequiresToolsFact("nsupdate")]
    public async Task A_wrong_secret_gets_notauth_badsig()
    {
        var name = UpdateServerFixture.NewChallengeName();

        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, ["-y", $"hmac-sha256:acme-key:{Convert.ToBase64String(new byte[32])}"], $"update add {name}. 60 TXT \"{AcmeDigest.New()}\"");

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("NOTAUTH(BADSIG)");
        await ShouldAnswerNoDataAsync(name);
    }

    [RequiresToolsFact("nsupdate")]
    public async Task An_unsigned_update_is_refused()
    {
        var name = UpdateServerFixture.NewChallengeName();

        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, [], $"update add {name}. 60 TXT \"{AcmeDigest.New()}\"");

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("REFUSED");
        await ShouldAnswerNoDataAsync(name);
    }

    [RequiresToolsFact("nsupdate")]
    public async Task A_record_type_other_than_txt_is_refused()
    {
        var name = UpdateServerFixture.NewChallengeName();

        // nsupdate would stop an A record at an underscore name itself, unless told not to check.
        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, "check-names off", $"update add {name}. 60 A 192.0.2.1");

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("REFUSED");
    }

    [RequiresToolsFact("knsupdate")]
    public async Task A_name_that_is_not_a_challenge_name_is_refused()
    {
        var run = await UpdateTools.KnsupdateAsync(Server.DnsPort, AcmeKey, $"zone {UpdateServerFixture.Zone}.", $"update add www.abc.{UpdateServerFixture.Zone}. 60 TXT \"{AcmeDigest.New()}\"");

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("REFUSED");
    }

    [RequiresToolsFact("nsupdate")]
    public async Task The_challenge_name_of_the_zone_apex_is_refused()
    {
        var apex = $"_acme-challenge.{UpdateServerFixture.Zone}";

        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, $"update add {apex}. 60 TXT \"{AcmeDigest.New()}\"");

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("REFUSED");
        (await DnsProbe.TxtAsync(Server.DnsEndpoint, apex)).Should().BeEmpty();
    }

    [RequiresToolsFact("nsupdate")]
    public async Task A_value_that_is_not_a_dns01_digest_is_refused()
    {
        var name = UpdateServerFixture.NewChallengeName();

        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, $"update add {name}. 60 TXT \"hello world\"");

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("REFUSED");
        await ShouldAnswerNoDataAsync(name);
    }

    [RequiresToolsFact("nsupdate")]
    public async Task A_scoped_key_changes_names_within_its_scope_and_is_refused_outside_it()
    {
        var inside = UpdateServerFixture.NewChallengeName(UpdateServerFixture.LimitedScope);
        var outside = UpdateServerFixture.NewChallengeName();
        var value = AcmeDigest.New();
        string[] key = ["-y", fixture.ScopedKeyArgument];

        var allowed = await UpdateTools.NsupdateAsync(Server.DnsPort, key, $"update add {inside}. 60 TXT \"{value}\"");
        var refused = await UpdateTools.NsupdateAsync(Server.DnsPort, key, $"update add {outside}. 60 TXT \"{value}\"");

        allowed.ExitCode.Should().Be(0, allowed.Output);
        (await DnsProbe.TxtAsync(Server.DnsEndpoint, inside)).Should().Equal(value);
        refused.Output.Should().Contain("REFUSED");
        await ShouldAnswerNoDataAsync(outside);
    }

    [RequiresToolsFact("nsupdate")]
    public async Task A_key_from_a_bind_key_file_signs_updates_with_hmac_sha1_and_nsupdate_reads_the_same_file()
    {
        var name = UpdateServerFixture.NewChallengeName();
        var value = AcmeDigest.New();

        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, ["-k", fixture.KeyFilePath], $"update add {name}. 60 TXT \"{value}\"");

        run.ExitCode.Should().Be(0, run.Output);
        (await DnsProbe.TxtAsync(Server.DnsEndpoint, name)).Should().Equal(value);
    }

    [RequiresToolsFact("kdig")]
    public async Task A_signed_soa_query_over_tcp_is_answered_with_the_soa_and_signed_back()
    {
        var run = await UpdateTools.KdigAsync(Server.DnsPort, "+tcp", "-y", fixture.AcmeKeyArgument, "SOA", $"{UpdateServerFixture.Zone}.");

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().Contain("status: NOERROR").And.MatchRegex(@"cert\.example\.com\.\s+\d+\s+IN\s+SOA");
        run.Output.Should().MatchRegex(@"acme-key\.\s+0\s+ANY\s+TSIG\s+hmac-sha256\.\s+\d+\s+300\s+32\s").And.NotContain("WARNING");
    }

    [Fact]
    public async Task An_update_signed_outside_the_fudge_window_gets_notauth_badtime_signed_with_the_server_clock()
    {
        var name = UpdateServerFixture.NewChallengeName();
        var skewed = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var (request, mac) = UpdateWire.Sign(UpdateWire.AddTxt(0x1234, UpdateServerFixture.Zone, name, AcmeDigest.New(), edns: false), "acme-key", fixture.AcmeSecret, skewed);

        var bytes = await UpdateWire.ExchangeAsync(Server.DnsEndpoint, request);
        var response = UpdateResponse.Parse(bytes);

        response.ResponseCode.Should().Be(9, "RFC 8945 §5.2.3: NOTAUTH");
        response.TsigError.Should().Be(18, "BADTIME");
        response.TsigTimeSigned.Should().Be(skewed, "RFC 8945 §5.2.3: the error echoes the request's time");
        response.TsigOtherData.Should().HaveCount(6, "the server's clock goes in Other Data");
        UpdateWire.VerifyResponse(bytes, response, "acme-key", fixture.AcmeSecret, mac).Should().BeTrue("a BADTIME answer is signed");
        await ShouldAnswerNoDataAsync(name);
    }

    [Theory]
    [InlineData("apex", "_acme-challenge.cert.example.com", "apex")]
    [InlineData("not a challenge name", "www.abc.cert.example.com", "not a challenge name")]
    public async Task A_refusal_to_a_client_that_sent_edns_says_why_in_an_extended_dns_error(string scenario, string name, string reason)
    {
        var (request, mac) = UpdateWire.Sign(UpdateWire.AddTxt(0x4321, UpdateServerFixture.Zone, name, AcmeDigest.New(), edns: true), "acme-key", fixture.AcmeSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var bytes = await UpdateWire.ExchangeAsync(Server.DnsEndpoint, request);
        var response = UpdateResponse.Parse(bytes);

        response.ResponseCode.Should().Be(5, scenario);
        response.ExtendedErrorCode.Should().Be(18, "RFC 8914 §4.19 Prohibited");
        response.ExtendedErrorText.Should().Contain(reason);
        UpdateWire.VerifyResponse(bytes, response, "acme-key", fixture.AcmeSecret, mac).Should().BeTrue("a refusal to a signed update is signed");
    }

    [Fact]
    public async Task A_type_other_than_txt_refused_to_an_edns_client_names_the_rule()
    {
        var name = UpdateServerFixture.NewChallengeName();
        var (request, _) = UpdateWire.Sign(UpdateWire.Build(7, UpdateServerFixture.Zone, name, UpdateWire.TypeA, [192, 0, 2, 1], edns: true), "acme-key", fixture.AcmeSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var response = UpdateResponse.Parse(await UpdateWire.ExchangeAsync(Server.DnsEndpoint, request));

        response.ResponseCode.Should().Be(5);
        response.ExtendedErrorText.Should().Contain("only TXT records");
    }

    private async Task AddAsync(string name, params string[] values)
    {
        var run = await UpdateTools.NsupdateAsync(Server.DnsPort, AcmeKey, [.. values.Select(value => $"update add {name}. 60 TXT \"{value}\"")]);
        run.ExitCode.Should().Be(0, run.Output);
        (await DnsProbe.TxtAsync(Server.DnsEndpoint, name)).Should().BeEquivalentTo(values);
    }

    private async Task<uint> SerialAsync()
    {
        var response = await DnsProbe.QueryAsync(Server.DnsEndpoint, UpdateServerFixture.Zone, RecordType.Soa);
        return response.AnswerRecords.OfType<SoaRecord>().Single().SerialNumber;
    }

    private async Task ShouldAnswerNoDataAsync(string name)
    {
        var response = await DnsProbe.QueryAsync(Server.DnsEndpoint, name, RecordType.Txt);
        response.ReturnCode.Should().Be(ReturnCode.NoError);
        response.AnswerRecords.Should().BeEmpty();
        response.AuthorityRecords.OfType<SoaRecord>().Should().ContainSingle();
    }
}

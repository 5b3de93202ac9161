using System.Buffers.Binary;
using WildDns.Core.Synthesis;
using WildDns.Dns.Tests.Updates;
using WildDns.Dns.Answers;
using WildDns.Dns.Tsig;
using WildDns.Dns.Updates;
using WildDns.Dns.Zones;

namespace WildDns.Fuzz;

/// <summary>
/// The fuzzing target: one message through <see cref="AnswerEngine.Answer"/>, the one function every transport calls,
/// which parses the query, answers it from the zone, or hands an UPDATE or a signed message to the TSIG and UPDATE
/// path. An exception, or a response that breaks one of the rules below, is a crash for afl-fuzz to keep.
/// </summary>
internal sealed class FuzzTarget
{
    private const string PublishedName = "_acme-challenge.abc.cert.example.com";
    private const string PublishedValue = "FkHj1h5R9gJ7xQm3LwPz0sKdT2bYcVnE8aUoRi6Ml4A";

    private readonly ZoneCatalog catalog;
    private readonly TsigKeyRing keys;
    private readonly byte[] response = new byte[AnswerEngine.ResponseBufferSize];

    public FuzzTarget(string zoneDirectory)
    {
        catalog = ZoneFileLoader.LoadDirectory(zoneDirectory, origin => new ZonePolicy(origin));
        keys = new TsigKeyRing([new TsigKey(FuzzInput.KeyName, TsigAlgorithm.HmacSha256, FuzzInput.Secret)]);
    }

    public AnswerOutcome Run(ReadOnlySpan<byte> bytes)
    {
        var input = new FuzzInput(bytes);
        var query = input.ToWire();

        // A fresh store and responder per input, so that what one input publishes cannot change the path of the next; one
        // value already published, at most two a name, as on a small server.
        var store = new ChallengeStoreDouble();
        store.Publish(PublishedName, PublishedValue);
        var engine = new AnswerEngine(catalog, new AnswerOptions(), store, new UpdateResponder(keys, store, store, new FixedClock()));
        var outcome = engine.Answer(query, response, input.IsOverTcp);
        Check(query, outcome, input.IsOverTcp);
        return outcome;
    }

    private void Check(ReadOnlySpan<byte> query, AnswerOutcome outcome, bool overTcp)
    {
        // The engine turns an exception into SERVFAIL so that the server goes on; for fuzzing it is still a crash.
        if (outcome.Failure is not null)
        {
            throw new InvalidOperationException("answering failed", outcome.Failure);
        }

        if (outcome.Length == 0)
        {
            return;
        }

        if (outcome.Length is < 12 or > 65535)
        {
            throw new InvalidOperationException($"a response of {outcome.Length} bytes: DNS messages have 12 to 65535");
        }

        if (query.Length < 12 || (query[2] & 0x80) != 0)
        {
            throw new InvalidOperationException("a message without a header, or a response, was answered");
        }

        var answer = response.AsSpan(0, outcome.Length);
        if (BinaryPrimitives.ReadUInt16BigEndian(answer) != BinaryPrimitives.ReadUInt16BigEndian(query) || (answer[2] & 0x80) == 0)
        {
            throw new InvalidOperationException("the response does not carry the query's ID and QR=1");
        }

        if (((answer[2] ^ query[2]) & 0x78) != 0)
        {
            throw new InvalidOperationException("the response's opcode differs from the query's (RFC 1035 §4.1.1)");
        }

        // RFC 1035 §4.2.1: a requester without EDNS (and so without any additional record) takes 512 bytes over UDP.
        if (!overTcp && BinaryPrimitives.ReadUInt16BigEndian(query[10..]) == 0 && outcome.Length > 512)
        {
            throw new InvalidOperationException($"a {outcome.Length}-byte UDP answer to a query without EDNS");
        }
    }
}

using System.Globalization;
using System.Net.Sockets;
using Grpc.Core;
using WildDns.Client;
using WildDns.Core.Challenges;

namespace WildDns.Cli;

/// <summary>
/// <c>wilddns challenge</c>: publishes, removes and lists ACME DNS-01 values through the control plane, for operators and
/// for ACME client hooks. With no flags it talks to the default server on this machine, reading the token from
/// <c>data/control.token</c>.
/// <c>publish _acme-challenge.abc.cert.example.com LXEWQrcm…SIE</c> → exit 0;
/// <c>remove _acme-challenge.abc.cert.example.com</c> → every value there removed;
/// <c>list abc.cert.example.com</c> → one line per value: name, value, expiry (ISO 8601).
/// Exit codes: 0 success, 1 the server refused or could not be reached, 2 a usage error; the reason is one line on stderr.
/// </summary>
public static class ChallengeCommand
{
    public const string DefaultServer = "http://127.0.0.1:5380";
    public const string DefaultDataDirectory = "data";

    /// <summary>The file the server writes its generated token to, inside its data directory.</summary>
    public const string TokenFileName = "control.token";

    private const string UsageLine =
        "usage: wilddns challenge publish <name> <value> | remove <name> [<value>] | list [<scope>] "
        + "[--server URL] [--token T | --token-file F] [--data DIR]";

    // An ACME hook that hangs holds up the whole order; a healthy server answers in milliseconds.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var server = DefaultServer;
        string? token = null;
        string? tokenFile = null;
        var dataDirectory = DefaultDataDirectory;
        var positional = new List<string>();
        var optionsEnded = false;
        for (var i = 0; i < args.Length; i++)
        {
            var argument = args[i];
            if (optionsEnded || !IsOption(argument))
            {
                positional.Add(argument);
                continue;
            }

            if (argument is "--help" or "-h")
            {
                await stdout.WriteLineAsync(UsageLine).ConfigureAwait(false);
                return 0;
            }

            if (argument == "--")
            {
                optionsEnded = true;
                continue;
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var flag = equals < 0 ? argument : argument[..equals];
            if (flag is not ("--server" or "--token" or "--token-file" or "--data"))
            {
                return await UsageError(stderr, $"unknown option '{flag}'").ConfigureAwait(false);
            }

            string value;
            if (equals >= 0)
            {
                value = argument[(equals + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                return await UsageError(stderr, $"{flag} needs a value").ConfigureAwait(false);
            }

            switch (flag)
            {
                case "--server":
                    server = value;
                    break;
                case "--token":
                    token = value;
                    break;
                case "--token-file":
                    tokenFile = value;
                    break;
                default:
                    dataDirectory = value;
                    break;
            }
        }

        if (positional.Count == 0)
        {
            return await UsageError(stderr, "no subcommand").ConfigureAwait(false);
        }

        var verb = positional[0];
        var operands = positional.Skip(1).ToArray();
        var shapeError = verb switch
        {
            "publish" when operands.Length != 2 => "publish needs a name and a value",
            "remove" when operands.Length is not (1 or 2) => "remove needs a name and optionally a value",
            "list" when operands.Length > 1 => "list takes at most a scope",
            "publish" or "remove" or "list" => null,
            _ => $"unknown subcommand '{verb}'",
        };
        if (shapeError is not null)
        {
            return await UsageError(stderr, shapeError).ConfigureAwait(false);
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUri) || serverUri.Scheme is not ("http" or "https"))
        {
            return await UsageError(stderr, $"--server must be an http:// or https:// URL such as {DefaultServer} (got '{server}')").ConfigureAwait(false);
        }

        if (token is not null && tokenFile is not null)
        {
            return await UsageError(stderr, "give --token or --token-file, not both").ConfigureAwait(false);
        }

        var prefix = $"wilddns challenge {verb}";
        if (token is null
            && !TryReadToken(tokenFile ?? Path.Combine(dataDirectory, TokenFileName), fromFlag: tokenFile is not null, out token, out var tokenError))
        {
            await stderr.WriteLineAsync($"{prefix}: {tokenError}").ConfigureAwait(false);
            return 2;
        }

        using var client = new ChallengeClient(serverUri, token);
        using var timeout = new CancellationTokenSource(CallTimeout);
        try
        {
            var output = verb switch
            {
                "publish" => await PublishAsync(client, operands[0], operands[1], timeout.Token).ConfigureAwait(false),
                "remove" when operands.Length == 2 => await RemoveAsync(client, operands[0], operands[1], timeout.Token).ConfigureAwait(false),
                "remove" => await RemoveAllAsync(client, operands[0], timeout.Token).ConfigureAwait(false),
                _ => await ListAsync(client, operands.FirstOrDefault(), timeout.Token).ConfigureAwait(false),
            };
            if (output.Length > 0)
            {
                await stdout.WriteAsync(output).ConfigureAwait(false);
            }

            return 0;
        }
        catch (RpcException e)
        {
            await stderr.WriteLineAsync($"{prefix}: {Describe(e, serverUri)}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or OperationCanceledException)
        {
            await stderr.WriteLineAsync($"{prefix}: cannot reach the control plane at {serverUri}: {OneLine(Innermost(e).Message)}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<string> PublishAsync(ChallengeClient client, string name, string value, CancellationToken cancellationToken)
    {
        var receipt = await client.PublishAsync(name, value, cancellationToken).ConfigureAwait(false);
        var verb = receipt.Refreshed ? "refreshed" : "published";
        return $"{verb} {name} {value} until {Format(receipt.ExpiresAt)}{Environment.NewLine}";
    }

    private static async Task<string> RemoveAsync(ChallengeClient client, string name, string value, CancellationToken cancellationToken)
    {
        // Not an error: a cleanup hook that runs after the value expired has nothing left to do.
        var removed = await client.RemoveAsync(name, value, cancellationToken).ConfigureAwait(false);
        return removed
            ? $"removed {name} {value}{Environment.NewLine}"
            : $"{value} was not published at {name}{Environment.NewLine}";
    }

    private static async Task<string> RemoveAllAsync(ChallengeClient client, string name, CancellationToken cancellationToken)
    {
        var removed = await client.RemoveAllAsync(name, cancellationToken).ConfigureAwait(false);
        return $"removed {removed} value{(removed == 1 ? string.Empty : "s")} at {name}{Environment.NewLine}";
    }

    private static async Task<string> ListAsync(ChallengeClient client, string? scope, CancellationToken cancellationToken)
    {
        var entries = await client.ListAsync(scope, cancellationToken).ConfigureAwait(false);
        return string.Concat(entries.Select(entry => $"{entry.Name} {entry.Value} {Format(entry.ExpiresAt)}{Environment.NewLine}"));
    }

    private static bool TryReadToken(string path, bool fromFlag, out string token, out string error)
    {
        var hint = fromFlag ? string.Empty : "; pass --token or --token-file, or --data with the server's data directory";
        token = string.Empty;
        try
        {
            token = File.ReadAllText(path).Trim();
            error = token.Length > 0 ? string.Empty : $"the token file {path} is empty{hint}";
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            error = $"no token: {path} does not exist{hint}";
        }
        catch (UnauthorizedAccessException)
        {
            error = $"cannot read the token file {path}: permission denied{hint}";
        }
        catch (IOException e)
        {
            error = $"cannot read the token file {path}: {OneLine(e.Message)}";
        }

        return error.Length == 0;
    }

    /// <summary>
    /// Options start with "--"; so may a base64url challenge value, which is taken as an operand rather than refused
    /// as an unknown option, so that hooks passing values through unquoted never trip on one.
    /// </summary>
    private static bool IsOption(string argument) =>
        argument is "-h" || (argument.StartsWith("--", StringComparison.Ordinal) && !ChallengeValue.IsValid(argument));

    private static string Describe(RpcException e, Uri server) => e.StatusCode switch
    {
        StatusCode.Unavailable => $"cannot reach the control plane at {server}: {OneLine(Innermost(e).Message)}",
        StatusCode.DeadlineExceeded or StatusCode.Cancelled => $"the control plane at {server} did not answer within {CallTimeout.TotalSeconds:0} s",
        StatusCode.Unimplemented => $"{server} does not serve the WildDns control plane",
        _ => $"{e.StatusCode}: {OneLine(e.Status.Detail)}",
    };

    private static async Task<int> UsageError(TextWriter stderr, string reason)
    {
        await stderr.WriteLineAsync($"wilddns challenge: {reason}; {UsageLine}").ConfigureAwait(false);
        return 2;
    }

    private static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

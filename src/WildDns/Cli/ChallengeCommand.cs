using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using WildDns.Client;
using WildDns.Configuration;
using WildDns.Control.Hosting;
using WildDns.Core.Challenges;

namespace WildDns.Cli;

/// <summary>
/// <c>wilddns challenge</c>: publishes, removes and lists ACME DNS-01 values through the control plane, for operators and
/// for ACME client hooks. It reads the server's own settings (appsettings.json in the working directory, <c>WildDns__</c>
/// environment variables, switches), so with no flags it finds the server on this machine at its configured control port,
/// over TLS when the server has a certificate, with the configured token or the one generated into the data directory.
/// <c>publish _acme-challenge.abc.cert.example.com LXEWQrcm…SIE</c> → exit 0;
/// <c>remove _acme-challenge.abc.cert.example.com</c> → every value there removed;
/// <c>list abc.cert.example.com</c> → one line per value: name, value, expiry (ISO 8601).
/// Exit codes: 0 success, 1 the server refused or could not be reached, 2 a usage error; the reason is one line on stderr.
/// </summary>
public static class ChallengeCommand
{
    /// <summary>The server the default settings name.</summary>
    public const string DefaultServer = "http://127.0.0.1:5380";

    // An ACME hook that hangs holds up the whole order; a healthy server answers in milliseconds.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var server = new Option<string?>("--server")
        {
            Description = "control-plane URL [default: from WildDns:Control:Port and :Certificate, i.e. " + DefaultServer + "]",
            HelpName = "URL",
            Recursive = true,
        };
        var token = new Option<string?>("--token") { Description = "bearer token [default: WildDns:Control:Token, else the data directory's control.token]", HelpName = "T", Recursive = true };
        var tokenFile = new Option<string?>("--token-file") { Description = "read the token from this file", HelpName = "F", Recursive = true };
        var caFile = new Option<string?>("--ca-file") { Description = "PEM CA certificates that the control plane's TLS certificate must chain to", HelpName = "F", Recursive = true };
        var cert = new Option<string?>("--cert") { Description = "PEM client certificate, for a control plane that authenticates by mutual TLS", HelpName = "F", Recursive = true };
        var key = new Option<string?>("--key") { Description = "PEM private key of --cert", HelpName = "F", Recursive = true };
        Option[] common = [server, token, tokenFile, caFile, cert, key, CommandLineSwitches.CreateOption(CommandLineSwitches.Data, recursive: true), CommandLineSwitches.CreateOption(CommandLineSwitches.ControlPort, recursive: true)];

        var name = new Argument<string>("name") { Description = "_acme-challenge.<certid>.<zone>" };
        var value = new Argument<string>("value") { Description = "the DNS-01 digest, 43 base64url characters" };
        var publish = new Command("publish", "publish a value; DNS answers it when this returns") { name, value };
        var removeValue = new Argument<string?>("value") { Description = "the value to remove [default: every value at the name]", Arity = ArgumentArity.ZeroOrOne };
        var remove = new Command("remove", "remove one value, or every value at a name") { name, removeValue };
        var scope = new Argument<string?>("scope") { Description = "only values at and below this scope, e.g. <certid>.cert.example.com", Arity = ArgumentArity.ZeroOrOne };
        var list = new Command("list", "list the live values: name, value, expiry") { scope };

        // A value may start with "--"; anything else that does is an option this command does not have.
        foreach (var argument in new Argument<string>[] { name, value })
        {
            argument.Validators.Add(symbol =>
            {
                var text = symbol.GetValueOrDefault<string>();
                if (text.StartsWith('-') && !ChallengeValue.IsValid(text))
                {
                    symbol.AddError($"unknown option '{text}'");
                }
            });
        }

        foreach (var argument in new Argument<string?>[] { removeValue, scope })
        {
            argument.Validators.Add(symbol =>
            {
                if (symbol.GetValueOrDefault<string?>() is { } text && text.StartsWith('-') && !ChallengeValue.IsValid(text))
                {
                    symbol.AddError($"unknown option '{text}'");
                }
            });
        }

        var command = new Command("challenge", "publish, remove and list ACME DNS-01 challenge values through the control plane");
        foreach (var option in common)
        {
            command.Add(option);
        }

        foreach (var (verb, work) in new (Command Verb, Func<ParseResult, ChallengeClient, CancellationToken, Task<string>> Work)[]
        {
            (publish, (result, client, cancel) => PublishAsync(client, result.GetValue(name)!, result.GetValue(value)!, cancel)),
            (remove, (result, client, cancel) => result.GetValue(removeValue) is { } one
                ? RemoveAsync(client, result.GetValue(name)!, one, cancel)
                : RemoveAllAsync(client, result.GetValue(name)!, cancel)),
            (list, (result, client, cancel) => ListAsync(client, result.GetValue(scope), cancel)),
        })
        {
            // Any --WildDns:Section:Key value, as serve takes it.
            verb.TreatUnmatchedTokensAsErrors = false;
            verb.SetAction((result, _) => WildDnsCommandLine.RunAsync(result, () => RunAsync(
                result, verb.Name, result.GetValue(server), result.GetValue(token), result.GetValue(tokenFile),
                new ControlPlaneTls(result.GetValue(caFile), result.GetValue(cert), result.GetValue(key)), work)));
            command.Add(verb);
        }

        return command;
    }

    /// <summary>Runs <c>wilddns challenge &lt;args&gt;</c> as the executable would; returns its exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        WildDnsCommandLine.InvokeAsync(["challenge", .. args], stdout, stderr);

    private static async Task<int> RunAsync(
        ParseResult result, string verb, string? server, string? token, string? tokenFile, ControlPlaneTls tls,
        Func<ParseResult, ChallengeClient, CancellationToken, Task<string>> work)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        var prefix = $"wilddns challenge {verb}";
        var configuration = WildDnsConfiguration.Build(CommandLineSwitches.Read(result));
        Uri serverUri;
        if (server is null)
        {
            serverUri = ServerAddresses.Control(configuration);
        }
        else if (!Uri.TryCreate(server, UriKind.Absolute, out serverUri!) || serverUri.Scheme is not ("http" or "https"))
        {
            await stderr.WriteLineAsync($"{prefix}: --server must be an http:// or https:// URL such as {DefaultServer} (got '{server}')").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (token is not null && tokenFile is not null)
        {
            await stderr.WriteLineAsync($"{prefix}: give --token or --token-file, not both").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var control = ControlPlaneOptions.Read(configuration);
        token ??= tokenFile is null ? control.Token : null;
        if (string.IsNullOrEmpty(token) && !TryReadToken(tokenFile ?? control.TokenFilePath, fromFlag: tokenFile is not null, out token, out var tokenError))
        {
            await stderr.WriteLineAsync($"{prefix}: {tokenError}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // Found from the server's own settings over TLS: trust exactly the certificate those settings name, since it is
        // issued to the server's public name and this call goes to a loopback address.
        using var pinned = server is null && serverUri.Scheme == "https" && tls.CaFile is null ? ServerAddresses.ControlCertificate(configuration) : null;
        SocketsHttpHandler handler;
        ChallengeClient client;
        try
        {
            handler = tls.CreateHandler();
            if (pinned is not null)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(pinned.RawData);
            }

            // Refuses a token in clear text to a server beyond this machine, so that it is never sent to be read on the way.
            client = new ChallengeClient(serverUri, token, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync($"{prefix}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var ownedHandler = handler;
        using var ownedClient = client;
        using var timeout = new CancellationTokenSource(CallTimeout);
        try
        {
            var output = await work(result, client, timeout.Token).ConfigureAwait(false);
            if (output.Length > 0)
            {
                await stdout.WriteAsync(output).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
        catch (RpcException e)
        {
            await stderr.WriteLineAsync($"{prefix}: {Describe(e, serverUri)}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or OperationCanceledException)
        {
            await stderr.WriteLineAsync($"{prefix}: cannot reach the control plane at {serverUri}: {OneLine(Innermost(e).Message)}").ConfigureAwait(false);
            return ExitCodes.Failed;
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

    private static string Describe(RpcException e, Uri server) => e.StatusCode switch
    {
        StatusCode.Unavailable => $"cannot reach the control plane at {server}: {OneLine(Innermost(e).Message)}",
        StatusCode.DeadlineExceeded or StatusCode.Cancelled => $"the control plane at {server} did not answer within {CallTimeout.TotalSeconds:0} s",
        StatusCode.Unimplemented => $"{server} does not serve the WildDns control plane",
        _ => $"{e.StatusCode}: {OneLine(e.Status.Detail)}",
    };

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

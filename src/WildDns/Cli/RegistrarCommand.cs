using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using WildDns.Configuration;
using WildDns.Enrollment.Credentials;
using WildDns.Hosting;
using WildDns.Registration.Admin.V1;
using WildDns.Registration.Hosting;

namespace WildDns.Cli;

/// <summary>
/// <c>wilddns registrar ...</c>: <c>serve</c> runs the registration server (SPEC §8); <c>register</c>, <c>get</c>,
/// <c>list</c>, <c>disable</c>, <c>enable</c> and <c>rotate-secret</c> call its admin API. Exit codes as for
/// <c>wilddns challenge</c>: 0 done, 1 refused or unreachable, 2 usage or configuration.
/// </summary>
/// <example>
/// <c>wilddns registrar register --vendor Acme --model CT-9 --serial 12345 --institution hospital-abc --out device.json</c>;
/// <c>wilddns registrar disable c7k2m4q9x3b5t</c>.
/// </example>
public static class RegistrarCommand
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    public static Command Create() => new("registrar", "the registration server: register devices, enroll them over EST, get their certificates over ACME")
    {
        Serve(), Register(), Get(), List(), SetEnabled("disable", enable: false), SetEnabled("enable", enable: true), RotateSecret(),
    };

    private static Command Serve()
    {
        var command = CommandLineSwitches.AddTo(
            new Command("serve", "run the registration server until SIGTERM or SIGINT; any --WildDns:Registrar:... setting may follow"),
            RegistrarSwitches.All);
        command.SetAction((result, cancellationToken) => WildDnsCommandLine.RunAsync(result, async () =>
        {
            var configuration = WildDnsConfiguration.Build(CommandLineSwitches.Read(result));
            try
            {
                await using var host = await RegistrarComposition.BuildAsync(configuration, cancellationToken).ConfigureAwait(false);
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (InvalidRegistrarSettingsException e)
            {
                throw new ConfigurationError(e.Failures[0].Split(':', 2)[0], string.Join("; ", e.Failures));
            }
            catch (IOException e) when (e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"wilddns registrar: cannot listen: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        }));
        return command;
    }

    private static Command Register()
    {
        var vendor = new Option<string>("--vendor") { Description = "the device's vendor", HelpName = "V", Required = true };
        var model = new Option<string>("--model") { Description = "the device's model", HelpName = "M", Required = true };
        var serial = new Option<string>("--serial") { Description = "the device's serial number", HelpName = "S", Required = true };
        var material = new Option<string?>("--material") { Description = "the device's material number, if it has one", HelpName = "X" };
        var institution = new Option<string?>("--institution") { Description = "the institution hosting the device (implied by a token limited to one)", HelpName = "I" };
        var output = OutOption();
        var command = new Command("register", "register a device and print its key creation dataset (certid, one-time secret, EST URL), once")
        {
            vendor, model, serial, material, institution, output,
        };
        return WithServer(command, async (client, result, cancellationToken) =>
        {
            var dataset = await client.RegisterAsync(new RegisterRequest
            {
                Vendor = result.GetValue(vendor), Model = result.GetValue(model), Serial = result.GetValue(serial),
                Material = result.GetValue(material) ?? string.Empty, Institution = result.GetValue(institution) ?? string.Empty,
            }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
            return WriteDataset(result, output, dataset);
        });
    }

    private static Command Get()
    {
        var certid = CertidArgument();
        var command = new Command("get", "show one device: its dataset fields, state, certificates and clients") { certid };
        return WithServer(command, async (client, result, cancellationToken) =>
        {
            var device = await client.GetAsync(new DeviceRequest { Certid = result.GetValue(certid) }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
            Describe(result.InvocationConfiguration.Output, device, detailed: true);
            return ExitCodes.Ok;
        });
    }

    private static Command List()
    {
        var institution = new Option<string?>("--institution") { Description = "only this institution's devices", HelpName = "I" };
        var command = new Command("list", "list the registered devices, one line each") { institution };
        return WithServer(command, async (client, result, cancellationToken) =>
        {
            var list = await client.ListAsync(new ListRequest { Institution = result.GetValue(institution) ?? string.Empty }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
            foreach (var device in list.Devices)
            {
                Describe(result.InvocationConfiguration.Output, device, detailed: false);
            }

            return ExitCodes.Ok;
        });
    }

    private static Command SetEnabled(string verb, bool enable)
    {
        var certid = CertidArgument();
        var command = new Command(verb, enable ? "allow a device's enrollments and renewals again" : "refuse a device's enrollments and renewals (403)") { certid };
        return WithServer(command, async (client, result, cancellationToken) =>
        {
            var request = new DeviceRequest { Certid = result.GetValue(certid) };
            var device = enable
                ? await client.EnableAsync(request, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false)
                : await client.DisableAsync(request, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
            Describe(result.InvocationConfiguration.Output, device, detailed: false);
            return ExitCodes.Ok;
        });
    }

    private static Command RotateSecret()
    {
        var certid = CertidArgument();
        var output = OutOption();
        var command = new Command("rotate-secret", "give a device a new one-time secret (the old one stops working) and print its new dataset") { certid, output };
        return WithServer(command, async (client, result, cancellationToken) =>
        {
            var dataset = await client.RotateSecretAsync(new DeviceRequest { Certid = result.GetValue(certid) }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
            return WriteDataset(result, output, dataset);
        });
    }

    private static Argument<string> CertidArgument() => new("certid") { Description = "the device's certid, e.g. c7k2m4q9x3b5t" };

    private static Option<FileInfo?> OutOption() =>
        new("--out") { Description = "write the dataset to this file (mode 0600: it holds the secret) instead of standard output", HelpName = "FILE" };

    /// <summary>Adds the connection options to an admin verb and runs it with a client, mapping gRPC statuses to a line and an exit code.</summary>
    private static Command WithServer(Command command, Func<RegistrarService.RegistrarServiceClient, ParseResult, CancellationToken, Task<int>> call)
    {
        var server = new Option<string?>("--server") { Description = "the admin API's URL [default: http://127.0.0.1:<WildDns:Registrar:Admin:Port>]", HelpName = "URL" };
        var tokenFile = new Option<FileInfo?>("--token-file") { Description = "file holding the admin token [default: <data>/registrar.token]", HelpName = "FILE" };
        var data = new Option<string[]>("--data") { Description = "the local registrar's data directory, for its token; sets WildDns:Registrar:DataDirectory", HelpName = "DIR" };
        command.Add(server);
        command.Add(tokenFile);
        command.Add(data);
        command.SetAction((result, cancellationToken) => WildDnsCommandLine.RunAsync(result, async () =>
        {
            var stderr = result.InvocationConfiguration.Error;
            var overrides = result.GetValue(data) is { Length: > 0 } given
                ? [new KeyValuePair<string, string?>($"{RegistrarSettings.Section}:DataDirectory", given[^1])]
                : Array.Empty<KeyValuePair<string, string?>>();
            var settings = SettingsBinder.Bind<RegistrarSettings>(WildDnsConfiguration.Build(overrides), RegistrarSettings.Section);
            var address = result.GetValue(server) ?? $"http://127.0.0.1:{settings.Admin.Port.ToString(CultureInfo.InvariantCulture)}";
            if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                await stderr.WriteLineAsync($"wilddns registrar: --server must be an http:// or https:// URL (got '{address}')").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var token = ReadToken(result.GetValue(tokenFile)?.FullName ?? Path.Combine(settings.DataDirectory, AdminSettings.TokenFileName), settings.Admin.Token);
            if (token is null && !url.IsLoopback)
            {
                await stderr.WriteLineAsync("wilddns registrar: no admin token; give --token-file").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (token is not null && url.Scheme == "http" && !url.IsLoopback)
            {
                // A bearer token in clear text beyond this machine can be read and replayed by anyone on the path.
                await stderr.WriteLineAsync($"wilddns registrar: refusing to send the admin token in clear text to {url.Host}; use https://").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            using var channel = GrpcChannel.ForAddress(url);
            var client = new RegistrarService.RegistrarServiceClient(channel.Intercept(metadata =>
            {
                if (token is not null)
                {
                    metadata.Add("authorization", $"Bearer {token}");
                }

                return metadata;
            }));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CallTimeout);
            try
            {
                return await call(client, result, timeout.Token).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                var reason = e.StatusCode switch
                {
                    StatusCode.Unavailable => $"the registrar at {url} did not answer ({e.Status.Detail})",
                    StatusCode.Cancelled or StatusCode.DeadlineExceeded => $"the registrar at {url} did not answer in time",
                    _ => e.Status.Detail,
                };
                await stderr.WriteLineAsync($"wilddns registrar {command.Name}: {reason} ({e.StatusCode})").ConfigureAwait(false);
                return e.StatusCode == StatusCode.InvalidArgument ? ExitCodes.Usage : ExitCodes.Failed;
            }
        }));
        return command;
    }

    private static string? ReadToken(string file, string? configured)
    {
        if (configured is { Length: > 0 })
        {
            return configured;
        }

        try
        {
            return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ConfigurationError($"{RegistrarSettings.Section}:Admin:Token", $"cannot read the token file {file}: {e.Message}");
        }
    }

    private static int WriteDataset(ParseResult result, Option<FileInfo?> output, DatasetResponse dataset)
    {
        if (result.GetValue(output) is { } file)
        {
            AtomicFile.Write(file.FullName, dataset.Json + "\n", AtomicFile.Private);
            result.InvocationConfiguration.Output.WriteLine($"registered {dataset.Certid}; dataset with its one-time secret in {file.FullName} (expires {dataset.Expires.ToDateTimeOffset():u})");
        }
        else
        {
            result.InvocationConfiguration.Output.WriteLine(dataset.Json);
        }

        return ExitCodes.Ok;
    }

    private static void Describe(TextWriter output, DeviceInfo device, bool detailed)
    {
        var state = device.Enabled ? "enabled" : "disabled";
        var material = device.Material.Length > 0 ? $" material {device.Material}" : string.Empty;
        output.WriteLine($"{device.Certid} {state} {device.Institution} {device.Vendor} {device.Model} serial {device.Serial}{material} certificates {device.Certificates.Count}");
        if (!detailed)
        {
            return;
        }

        var secret = device.SecretSpent ? "spent" : $"unused, expires {device.SecretExpires?.ToDateTimeOffset():u}";
        output.WriteLine($"  registered {device.Registered?.ToDateTimeOffset():u}; secret {secret}");
        foreach (var certificate in device.Certificates)
        {
            output.WriteLine($"  certificate {certificate.Label} serial {certificate.Serial} sha256 {certificate.Fingerprint} until {certificate.NotAfter?.ToDateTimeOffset():u}");
        }

        foreach (var client in device.Clients)
        {
            output.WriteLine($"  client {client}");
        }
    }
}

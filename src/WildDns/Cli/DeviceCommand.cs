using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using WildDns.Enrollment;
using WildDns.Enrollment.Credentials;
using WildDns.Enrollment.Datasets;
using WildDns.Enrollment.Dicom;

namespace WildDns.Cli;

/// <summary>
/// <c>wilddns device ...</c>: the device's side of enrollment (SPEC §8.4): <c>enroll</c> with the key creation
/// dataset, <c>renew</c> by its certificate, <c>client</c> certificates through it, and the <c>names</c> and
/// <c>dicom</c> entries to configure. Exit codes: 0 done (or nothing to do), 1 refused or failed, 2 usage.
/// </summary>
public static class DeviceCommand
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(15);

    public static Command Create()
    {
        var command = new Command("device", "enroll this device with a registration server, renew its certificate, and get certificates for its clients")
        {
            Enroll(), Renew(), Client(), Names(), Dicom(),
        };
        return command;
    }

    private static Option<DirectoryInfo> DirectoryOption() =>
        new("--dir") { Description = "the device's directory: dataset, key.pem, cert.pem, ca.pem", HelpName = "DIR", Required = true };

    private static Option<FileInfo?> EstCaOption() =>
        new("--est-ca") { Description = "PEM CA certificates to trust for the EST endpoint when the dataset has no est_pin [default: the system's]", HelpName = "FILE" };

    private static Option<int> WaitOption() => new("--wait")
    {
        Description = "seconds to follow 202 (certificate not ready) answers before giving up for this run",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => (int)DefaultWait.TotalSeconds,
    };

    private static Command Enroll()
    {
        var dataset = new Option<FileInfo>("--dataset") { Description = "the key creation dataset (JSON) from the registration server", HelpName = "FILE", Required = true };
        var dir = DirectoryOption();
        var estCa = EstCaOption();
        var wait = WaitOption();
        var command = new Command("enroll", "make a key, send its request with the dataset's secret, and install the certificate") { dataset, dir, estCa, wait };
        command.SetAction((result, cancellationToken) => Run(result, "enroll", async () =>
        {
            var read = KeyCreationDataset.Parse(await File.ReadAllTextAsync(result.GetValue(dataset)!.FullName, cancellationToken).ConfigureAwait(false));
            var directory = CredentialDirectory.Open(result.GetValue(dir)!.FullName);
            return await Enrollment(result, estCa, wait).EnrollAsync(read, directory, Progress(result), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Renew()
    {
        var dir = DirectoryOption();
        var force = new Option<bool>("--force") { Description = "renew now, whatever the certificate's dates" };
        var onRenew = new Option<string?>("--on-renew") { Description = "a shell command run after a renewal, e.g. 'systemctl reload nginx'", HelpName = "CMD" };
        var estCa = EstCaOption();
        var wait = WaitOption();
        var command = new Command("renew", "renew the certificate when a third of its life is left (or --force), by mutual TLS with the current one")
        {
            dir, force, onRenew, estCa, wait,
        };
        command.SetAction((result, cancellationToken) => Run(result, "renew", async () =>
        {
            var directory = CredentialDirectory.Open(result.GetValue(dir)!.FullName);
            var renewal = await Enrollment(result, estCa, wait).RenewAsync(directory, result.GetValue(force), Progress(result), cancellationToken).ConfigureAwait(false);
            if (renewal.Outcome == EnrollmentOutcome.Renewed && result.GetValue(onRenew) is { Length: > 0 } hook)
            {
                var exit = await RunHookAsync(hook, directory, cancellationToken).ConfigureAwait(false);
                if (exit != 0)
                {
                    return renewal with
                    {
                        Outcome = EnrollmentOutcome.Refused,
                        Message = $"{renewal.Message}; but the --on-renew command exited {exit}, so the service may still use the old certificate",
                    };
                }
            }

            return renewal;
        }));
        return command;
    }

    private static Command Client()
    {
        var dir = DirectoryOption();
        var client = new Option<string>("--client") { Description = "the client's id: its request is for *.<certid>.client-<ID>.<zone>", HelpName = "ID", Required = true };
        var csr = new Option<FileInfo>("--csr") { Description = "the client's certificate request, PEM or DER", HelpName = "FILE", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "where to write the client's certificate chain, PEM", HelpName = "FILE", Required = true };
        var estCa = EstCaOption();
        var wait = WaitOption();
        var command = new Command("client", "get a certificate for a client's request, *.<certid>.client-<ID>.<zone>, the device vouching by its certificate")
        {
            dir, client, csr, output, estCa, wait,
        };
        command.SetAction((result, cancellationToken) => Run(result, "client", async () =>
        {
            var request = ReadRequest(await File.ReadAllBytesAsync(result.GetValue(csr)!.FullName, cancellationToken).ConfigureAwait(false));
            var directory = CredentialDirectory.Open(result.GetValue(dir)!.FullName);
            var issued = await Enrollment(result, estCa, wait)
                .RequestClientCertificateAsync(directory, result.GetValue(client)!, request, Progress(result), cancellationToken).ConfigureAwait(false);
            if (issued.Outcome == EnrollmentOutcome.Issued)
            {
                AtomicFile.Write(result.GetValue(output)!.FullName, CertificateChain.ToPem(issued.Chain), AtomicFile.Public);
            }

            return issued;
        }));
        return command;
    }

    private static Command Names()
    {
        var dir = DirectoryOption();
        var address = new Option<string?>("--address") { Description = "an address of the device (IPv4 or IPv6)", HelpName = "ADDR" };
        var host = new Option<string?>("--host") { Description = "a host name to alias (a CNAME under the device's cname label)", HelpName = "NAME" };
        var command = new Command("names", "print the name under this device's certificate that answers with an address, or aliases a host name") { dir, address, host };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(address) is null) == (result.GetValue(host) is null))
            {
                result.AddError("give exactly one of --address and --host");
            }
        });
        command.SetAction(result =>
        {
            var name = NameUnderCertificate(result, result.GetValue(dir)!, result.GetValue(address), result.GetValue(host), "names");
            if (name is null)
            {
                return ExitCodes.Failed;
            }

            result.InvocationConfiguration.Output.WriteLine(name);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Dicom()
    {
        var dir = DirectoryOption();
        var aeTitle = new Option<string>("--ae-title") { Description = "the device's application entity title (1-16 characters)", HelpName = "AE", Required = true };
        var port = new Option<int>("--port") { Description = "the DICOM port, e.g. 2762 (DICOM over TLS) or 11112", HelpName = "N", Required = true };
        var address = new Option<string>("--address") { Description = "the device's address, which peers reach it by", HelpName = "ADDR", Required = true };
        var json = new Option<bool>("--json") { Description = "print the entry as JSON instead of dcmtk's configuration form" };
        var command = new Command("dicom", "print the device's DICOM node entry: AE title, host name under its certificate, port, TLS files")
        {
            dir, aeTitle, port, address, json,
        };
        command.Validators.Add(result =>
        {
            if (DicomNode.CheckAeTitle(result.GetValue(aeTitle) ?? string.Empty) is { } problem)
            {
                result.AddError($"--ae-title: {problem}");
            }

            if (result.GetValue(port) is < 1 or > 65535)
            {
                result.AddError("--port must be 1-65535");
            }
        });
        command.SetAction(result =>
        {
            var directory = result.GetValue(dir)!;
            var host = NameUnderCertificate(result, directory, result.GetValue(address), null, "dicom");
            if (host is null)
            {
                return ExitCodes.Failed;
            }

            var credentials = CredentialDirectory.Open(directory.FullName);
            var node = new DicomNode(result.GetValue(aeTitle)!, host, result.GetValue(port), credentials.CertificatePath, credentials.KeyPath, credentials.CaPath);
            result.InvocationConfiguration.Output.Write(result.GetValue(json) ? node.ToJson() + "\n" : node.ToDcmtkEntry());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static DeviceEnrollment Enrollment(ParseResult result, Option<FileInfo?> estCa, Option<int> wait)
    {
        X509Certificate2Collection? trusted = null;
        if (result.GetValue(estCa) is { } file)
        {
            trusted = [];
            trusted.ImportFromPemFile(file.FullName);
        }

        return new DeviceEnrollment(TimeProvider.System, TimeSpan.FromSeconds(Math.Max(0, result.GetValue(wait))), trusted);
    }

    private static Action<string> Progress(ParseResult result) =>
        line => result.InvocationConfiguration.Error.WriteLine($"wilddns device: {line}");

    /// <summary>Runs one device operation and maps its outcome, and the failures a device meets, to a line and an exit code.</summary>
    private static async Task<int> Run(ParseResult result, string verb, Func<Task<EnrollmentResult>> operation)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        try
        {
            var outcome = await operation().ConfigureAwait(false);
            await (outcome.Succeeded ? stdout : stderr).WriteLineAsync($"wilddns device {verb}: {outcome.Message}").ConfigureAwait(false);
            return outcome.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (FormatException e)
        {
            await stderr.WriteLineAsync($"wilddns device {verb}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException
            or System.Security.Cryptography.CryptographicException)
        {
            await stderr.WriteLineAsync($"wilddns device {verb}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException is System.Security.Authentication.AuthenticationException
                ? "the EST endpoint's certificate is not the one the dataset pins (or not trusted); nothing was sent"
                : e.Message;
            await stderr.WriteLineAsync($"wilddns device {verb}: cannot reach the registration server: {reason}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (TaskCanceledException)
        {
            await stderr.WriteLineAsync($"wilddns device {verb}: the registration server did not answer in time").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    private static string? NameUnderCertificate(ParseResult result, DirectoryInfo dir, string? address, string? host, string verb)
    {
        var stderr = result.InvocationConfiguration.Error;
        KeyCreationDataset dataset;
        try
        {
            dataset = CredentialDirectory.Open(dir.FullName).LoadDataset();
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"wilddns device {verb}: {dir.FullName} holds no readable dataset; run 'wilddns device enroll' first ({e.Message})");
            return null;
        }

        var name = NameCommand.Compose(address ?? host!, dataset.Certid, null, dataset.Zone, alias: host is not null, out var error);
        if (name is null)
        {
            stderr.WriteLine($"wilddns device {verb}: {error}");
        }

        return name;
    }

    private static byte[] ReadRequest(byte[] file)
    {
        var text = System.Text.Encoding.ASCII.GetString(file);
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return file;
        }

        var pem = System.Security.Cryptography.PemEncoding.Find(text);
        return Convert.FromBase64String(text[pem.Base64Data]);
    }

    private static async Task<int> RunHookAsync(string command, CredentialDirectory directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command }, UseShellExecute = false };
        start.Environment["WILDDNS_DEVICE_DIR"] = directory.Path;
        start.Environment["WILDDNS_CERT"] = directory.CertificatePath;
        start.Environment["WILDDNS_KEY"] = directory.KeyPath;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start the --on-renew command '{command}'");
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }
}

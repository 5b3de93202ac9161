using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace WildDns.Testing;

/// <summary>
/// A process this test run started, with its standard output and error captured as they arrive. It is stopped by its
/// own PID only (SIGTERM, then a kill of the process tree it started if it does not exit), never by name, so that
/// tests running next to other work on the machine touch nothing else. Every wait is bounded.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>How long a process gets to exit after SIGTERM before it is killed.</summary>
    public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();

    private ChildProcess(Process process, string commandLine)
    {
        this.process = process;
        CommandLine = commandLine;
    }

    public int Id => process.Id;

    /// <summary>The command as started, for messages.</summary>
    public string CommandLine { get; }

    public bool HasExited => process.HasExited;

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    public string Stdout => Read(stdout);

    public string Stderr => Read(stderr);

    /// <summary>Standard output and error interleaved in arrival order, error lines marked with "err: ".</summary>
    public string Output => Read(output);

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>; <paramref name="environment"/> adds or (with null) removes variables.</summary>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, string.Join(' ', [fileName, .. info.ArgumentList]));
        process.OutputDataReceived += (_, e) => child.Append(child.stdout, e.Data, string.Empty);
        process.ErrorDataReceived += (_, e) => child.Append(child.stderr, e.Data, "err: ");
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a command to its end within <paramref name="timeout"/>; on timeout it is stopped and <see cref="TimeoutException"/> names it.</summary>
    public static async Task<ChildProcess> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var child = Start(fileName, arguments, environment, workingDirectory);
        await child.WaitForExitAsync(timeout).ConfigureAwait(false);
        return child;
    }

    /// <summary>Waits for the process to exit by itself; after <paramref name="timeout"/> stops it and throws <see cref="TimeoutException"/> with its output.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            // The parameterless wait also drains the redirected streams, so Output is complete afterwards.
            await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync().ConfigureAwait(false);
            throw new TimeoutException($"'{CommandLine}' did not finish within {timeout.TotalSeconds:0} s; output:\n{Output}");
        }
    }

    /// <summary>Sends SIGTERM to this process and waits up to <paramref name="grace"/>; kills its process tree if it is still running then.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (process.HasExited)
        {
            await process.WaitForExitAsync().ConfigureAwait(false);
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            await SendTermAsync().ConfigureAwait(false);
        }

        using var cancellation = new CancellationTokenSource(grace ?? DefaultStopGrace);
        try
        {
            await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            Append(output, $"(did not exit within {(grace ?? DefaultStopGrace).TotalSeconds:0} s of SIGTERM; killed)", string.Empty);
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill; nothing is left to stop.
        }

        using var afterKill = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(afterKill.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        process.Dispose();
    }

    public override string ToString() => $"{CommandLine} (pid {Id})";

    private async Task SendTermAsync()
    {
        // .NET has no API for SIGTERM; kill(1) with this PID sends it to this process and no other.
        var kill = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        kill.ArgumentList.Add("-TERM");
        kill.ArgumentList.Add(process.Id.ToString(CultureInfo.InvariantCulture));
        Process? sender;
        try
        {
            sender = Process.Start(kill);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1) on PATH: the kill after the grace period still stops the process.
            return;
        }

        if (sender is null)
        {
            return;
        }

        using (sender)
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await sender.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The grace period and the kill that follows it still bound the stop.
            }
        }
    }

    private void Append(StringBuilder stream, string? line, string marker)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            if (!ReferenceEquals(stream, output))
            {
                stream.AppendLine(line);
            }

            output.Append(marker).AppendLine(line);
        }
    }

    private string Read(StringBuilder stream)
    {
        lock (gate)
        {
            return stream.ToString();
        }
    }
}

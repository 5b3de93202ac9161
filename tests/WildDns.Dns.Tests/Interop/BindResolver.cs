using System.Net;

namespace WildDns.Dns.Tests.Interop;

/// <summary>
/// Debian's BIND 9 (<c>named</c>) as a recursive resolver on loopback: recursion for 127.0.0.1 only, DNSSEC validation
/// left at <c>auto</c> (BIND's built-in root trust anchor), root hints at a loopback address nothing answers on, and the
/// README's snippets (the <c>validate-except</c> option and the forward zone) for cert.example.com and hospital-abc.com.
/// </summary>
internal static class BindResolver
{
    /// <param name="exemptFromValidation">False leaves out the README's <c>validate-except</c>, to show that validation is on.</param>
    public static Task<LoopbackResolver> StartAsync(IPEndPoint wildDns, bool exemptFromValidation = true)
    {
        var options = ReadmeSnippet.Read("bind-options", wildDns)
            .Replace("\"cert.example.com\";", "\"cert.example.com\"; \"hospital-abc.com\";", StringComparison.Ordinal);
        var zone = ReadmeSnippet.Read("bind-zone", wildDns);
        return LoopbackResolver.StartAsync("named", "bind9", SoaProbe.AnswersAsync, (port, directory) =>
        {
            File.WriteAllText(Path.Combine(directory, "root.hints"), LoopbackRootHints.Text);
            var config = $$"""
                options {
                    directory "{{directory}}";
                    pid-file "{{directory}}/named.pid";
                    session-keyfile "{{directory}}/session.key";
                    managed-keys-directory "{{directory}}";
                    listen-on port {{port}} { 127.0.0.1; };
                    listen-on-v6 { none; };
                    recursion yes;
                    allow-recursion { 127.0.0.1; };
                    allow-query { 127.0.0.1; };
                    dnssec-validation auto;
                {{(exemptFromValidation ? options : "")}}
                };
                controls { };
                zone "." { type hint; file "{{directory}}/root.hints"; };
                {{zone}}
                {{ReadmeSnippet.ForZone(zone, "hospital-abc.com")}}
                """;
            var path = Path.Combine(directory, "named.conf");
            File.WriteAllText(path, config);
            return ["-g", "-4", "-c", path];
        });
    }
}

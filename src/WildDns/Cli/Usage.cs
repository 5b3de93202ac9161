namespace WildDns.Cli;

/// <summary>The text of <c>wilddns help</c>.</summary>
public static class Usage
{
    public const string Text = """
        wilddns - authoritative DNS for certificate zones

        usage:
          wilddns [serve] [--dns-port N] [--listen ADDR]... [--zones DIR] [--control-port N] [--data DIR]
              run the server (default: zones/, 127.0.0.1 and ::1 port 5353, control plane 127.0.0.1:5380)
          wilddns name <address|host-name> --id CERTID [--client ID] [--zone ZONE] [--cname]
              print the DNS name that answers with that address or alias
          wilddns explain <name> [--type TYPE] [--zones DIR]
              print how the server answers a name, and why
          wilddns challenge publish <name> <value> | remove <name> [<value>] | list [<scope>]
              [--server URL] [--token T | --token-file F] [--data DIR]
              publish and remove ACME DNS-01 challenge values
          wilddns health [--url URL | --control-port N] [--live] [--insecure]
              exit 0 when a running server is ready (or, with --live, alive); for container health checks
        """;
}

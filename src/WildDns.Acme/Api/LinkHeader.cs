namespace WildDns.Acme.Api;

/// <summary>Reads Link headers (RFC 8288) for the relations ACME uses: <c>alternate</c>, <c>up</c>, <c>index</c> (RFC 8555 §7.4.2).</summary>
public static class LinkHeader
{
    /// <summary>
    /// The targets with relation <paramref name="relation"/>, resolved against <paramref name="baseUrl"/>, from values such as
    /// <c>&lt;https://ca.example/cert/1/1&gt;;rel="alternate"</c> (several per header, comma-separated, allowed).
    /// </summary>
    public static IReadOnlyList<Uri> Find(IEnumerable<string> values, string relation, Uri baseUrl)
    {
        var found = new List<Uri>();
        foreach (var value in values)
        {
            var position = 0;
            while ((position = value.IndexOf('<', position)) >= 0)
            {
                var end = value.IndexOf('>', position);
                if (end < 0)
                {
                    break;
                }

                var target = value[(position + 1)..end];
                var next = value.IndexOf('<', end);
                var parameters = next < 0 ? value[(end + 1)..] : value[(end + 1)..next];
                if (HasRelation(parameters, relation) && Uri.TryCreate(baseUrl, target, out var uri))
                {
                    found.Add(uri);
                }

                position = end;
            }
        }

        return found;
    }

    private static bool HasRelation(string parameters, string relation)
    {
        foreach (var parameter in parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=');
            if (equals > 0 && parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
            {
                var relations = parameter[(equals + 1)..].Trim().Trim(',').Trim('"');
                return relations.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(relation, StringComparer.OrdinalIgnoreCase);
            }
        }

        return false;
    }
}

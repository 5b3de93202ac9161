namespace WildDns.Bench.Load;

/// <summary>The answer cases of SPEC section 3 that generated names exercise, as <c>--mix</c> spells them.</summary>
public enum NameKind
{
    /// <summary><c>a</c>: <c>192-168-X-Y.&lt;id&gt;.zone</c> asked for A.</summary>
    A,

    /// <summary><c>aaaa</c>: <c>fd00--X-Y.&lt;id&gt;.zone</c> asked for AAAA.</summary>
    Aaaa,

    /// <summary><c>cname</c>: <c>pacs-N--hospital--example.&lt;id&gt;.cname.zone</c> asked for A; answered with a CNAME.</summary>
    Cname,

    /// <summary><c>nodata</c>: an IPv4 name asked for AAAA.</summary>
    NoData,

    /// <summary><c>nxdomain</c>: a payload that decodes to nothing, in a scope too deep to be an ancestor.</summary>
    NxDomain,

    /// <summary><c>txt</c>: <c>_acme-challenge.&lt;id&gt;.zone</c> asked for TXT (NODATA while nothing is published).</summary>
    Txt,
}

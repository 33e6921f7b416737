using System.Text;

namespace GatewayMesh.Cli.Local.Store;

/// <summary>
/// The Redis ACL rules of one Dapr app's own user (<c>app-&lt;appId&gt;</c>), for its state, pub/sub and configuration
/// data in daprd's layout, never the mesh's keys:
/// <list type="bullet">
/// <item>state: every hash, string, key-space and scripting command on <c>&lt;appId&gt;||*</c> (state writes are Lua
/// scripts, and Redis checks the commands a script runs against the same user);</item>
/// <item>pub/sub: stream commands on any key outside the mesh's prefixes (daprd names a stream after its topic, which apps
/// choose freely; a stream command on another app's state hash fails with WRONGTYPE);</item>
/// <item>configuration: <c>GET</c>/<c>MGET</c> on keys outside the mesh's prefixes, and <c>SUBSCRIBE</c>/<c>PSUBSCRIBE</c> to
/// the key-space notification channels only (no <c>PUBLISH</c>: an app cannot fake a change notice);</item>
/// <item>what the client library asks while connecting (<c>INFO</c>, <c>CONFIG GET</c>, <c>CLUSTER NODES</c>).</item>
/// </list>
/// Redis 7.0 globs have no negation, so "outside the prefixes" is spelled as their complement: every key whose first
/// differing character is another one (<c>[^{g]*</c>, <c>g[^a]*</c>, <c>{[^g]*</c>, ...), plus the prefixes' own shorter beginnings.
/// </summary>
internal static class DaprAppAcl
{
    /// <summary>The apps <c>meshctl up</c> runs on Dapr's API, each with its own user.</summary>
    public static readonly IReadOnlyList<string> BookinfoApps = ["productpage", "details", "reviews", "ratings", "stats"];

    public static string UserName(string appId) => $"app-{appId}";

    /// <summary>The rules as one ACL-file line's tail.</summary>
    public static string Rules(string appId, IReadOnlyList<string> meshKeyPrefixes, int database = 0) => string.Join(' ', RuleArguments(appId, meshKeyPrefixes, database));

    /// <summary>
    /// The rules as <c>ACL SETUSER</c> arguments: each selector <c>(...)</c> is one argument. <paramref name="meshKeyPrefixes"/>
    /// are every beginning of the mesh's keys (the hash-tagged layout <c>{gatewaymesh}:</c> and the old <c>gatewaymesh:</c>,
    /// whose quota counters are still written there): the app reaches none of them.
    /// </summary>
    public static IReadOnlyList<string> RuleArguments(string appId, IReadOnlyList<string> meshKeyPrefixes, int database = 0)
    {
        var outside = OutsidePrefixes(meshKeyPrefixes);
        return
        [
            "resetkeys", "resetchannels", "-@all", "+@connection",
            $"~{Escape(appId)}||*", "+@hash", "+@string", "+@keyspace", "+@scripting", "+@transaction", "-@dangerous", "-scan", "-randomkey",
            // after -@dangerous, which holds INFO and CONFIG GET (the client library's look-around when it connects)
            "+info", "+config|get", "+cluster|nodes",
            "+subscribe", "+psubscribe", "+unsubscribe", "+punsubscribe", $"&__keyspace@{database}__:*",
            "(" + string.Join(' ', outside.Select(p => "~" + p)) + " +@stream -@dangerous)",
            "(" + string.Join(' ', outside.Select(p => "%R~" + p)) + " +get +mget)",
        ];
    }

    /// <summary>
    /// Glob patterns that together match exactly the keys starting with none of <paramref name="prefixes"/> (none a
    /// beginning of another): for every shared beginning <c>h</c> of the prefixes, the keys that go on with another
    /// character than any prefix does (<c>h[^...]*</c>), and <c>h</c> itself.
    /// </summary>
    internal static IReadOnlyList<string> OutsidePrefixes(IReadOnlyList<string> prefixes)
    {
        var patterns = new List<string>();
        var heads = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prefix in prefixes)
        {
            for (var i = 0; i < prefix.Length; i++)
            {
                var head = prefix[..i];
                if (!heads.Add(head))
                {
                    continue;
                }

                var next = prefixes.Where(p => p.Length > i && p.StartsWith(head, StringComparison.Ordinal)).Select(p => p[i]).Distinct();
                patterns.Add($"{Escape(head)}[^{Escape(string.Concat(next))}]*");
                if (i > 0)
                {
                    patterns.Add(Escape(head)); // a key that is a shorter beginning of a prefix
                }
            }
        }

        return patterns;
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\' or '^')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}

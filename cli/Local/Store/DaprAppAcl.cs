using System.Text;

namespace GatewayMesh.Cli.Local.Store;

/// <summary>
/// The Redis ACL rules of one Dapr app's own user (<c>app-&lt;appId&gt;</c>), for its state, pub/sub and configuration
/// data in daprd's layout, never the mesh's keys:
/// <list type="bullet">
/// <item>state: every hash, string, key-space and scripting command on <c>&lt;appId&gt;||*</c> (state writes are Lua
/// scripts, and Redis checks the commands a script runs against the same user);</item>
/// <item>pub/sub: stream commands on any key outside the mesh's prefix (daprd names a stream after its topic, which apps
/// choose freely; a stream command on another app's state hash fails with WRONGTYPE);</item>
/// <item>configuration: <c>GET</c>/<c>MGET</c> on keys outside the mesh's prefix, and <c>SUBSCRIBE</c>/<c>PSUBSCRIBE</c> to
/// the key-space notification channels only (no <c>PUBLISH</c>: an app cannot fake a change notice);</item>
/// <item>what the client library asks while connecting (<c>INFO</c>, <c>CONFIG GET</c>, <c>CLUSTER NODES</c>).</item>
/// </list>
/// Redis 7.0 globs have no negation, so "outside the prefix" is spelled as its complement: every key whose first
/// differing character is another one (<c>[^g]*</c>, <c>g[^a]*</c>, ...), plus the prefix's own shorter beginnings.
/// </summary>
internal static class DaprAppAcl
{
    /// <summary>The apps <c>meshctl up</c> runs on Dapr's API, each with its own user.</summary>
    public static readonly IReadOnlyList<string> BookinfoApps = ["productpage", "details", "reviews", "ratings", "stats"];

    public static string UserName(string appId) => $"app-{appId}";

    /// <summary>The rules as one ACL-file line's tail.</summary>
    public static string Rules(string appId, string meshKeyPrefix, int database = 0) => string.Join(' ', RuleArguments(appId, meshKeyPrefix, database));

    /// <summary>The rules as <c>ACL SETUSER</c> arguments: each selector <c>(...)</c> is one argument.</summary>
    public static IReadOnlyList<string> RuleArguments(string appId, string meshKeyPrefix, int database = 0)
    {
        var outside = OutsidePrefix(meshKeyPrefix);
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

    /// <summary>Glob patterns that together match exactly the keys not starting with <paramref name="prefix"/>.</summary>
    internal static IReadOnlyList<string> OutsidePrefix(string prefix)
    {
        var patterns = new List<string>();
        for (var i = 0; i < prefix.Length; i++)
        {
            var head = Escape(prefix[..i]);
            patterns.Add($"{head}[^{Escape(prefix[i].ToString())}]*");
            if (i > 0)
            {
                patterns.Add(head); // a key that is a shorter beginning of the prefix
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

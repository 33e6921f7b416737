using System.Text.RegularExpressions;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// <c>rewrite</c> compiled. <see cref="Uri"/> replaces the part of the path the rule's <c>uri</c> condition matched
/// (the prefix for a prefix match, the whole path for exact/regex, "/" when the block has no uri condition).
/// <see cref="UriRegex"/> rewrites a path that the pattern matches as a whole.
/// </summary>
public sealed record RewriteAction(string? Uri, string? Authority, UriRegexRewrite? UriRegex)
{
    public string RewritePath(string path, MatchBlock? matched)
    {
        if (Uri is not null)
        {
            var uri = matched?.Uri;
            var length = uri is null ? (path.StartsWith('/') ? 1 : 0) : Math.Min(uri.MatchedLength(path), path.Length);
            return string.Concat(Uri, path.AsSpan(length));
        }

        return UriRegex?.Apply(path) ?? path;
    }
}

/// <summary><c>uriRegexRewrite</c>: an RE2 pattern (full-match, via <see cref="MeshRegex"/>) and its replacement with <c>\1</c>-style groups.</summary>
public sealed record UriRegexRewrite
{
    private readonly DerivedValue<Regex> _regex;
    private readonly DerivedValue<string> _replacement;

    public UriRegexRewrite(string match, string rewrite)
    {
        Match = match;
        Rewrite = rewrite;
        _regex = new(MeshRegex.Compile(match));
        _replacement = new(ToDotNetReplacement(rewrite));
    }

    public string Match { get; }

    public string Rewrite { get; }

    /// <summary>The rewritten path, or the path unchanged when the pattern does not match it.</summary>
    public string Apply(string path) => _regex.Value.IsMatch(path) ? _regex.Value.Replace(path, _replacement.Value, 1) : path;

    /// <summary>RE2 replacements write groups as <c>\1</c> and a backslash as <c>\\</c>; .NET writes <c>${1}</c> and <c>$$</c>.</summary>
    internal static string ToDotNetReplacement(string rewrite)
    {
        var result = new System.Text.StringBuilder(rewrite.Length + 8);
        for (var i = 0; i < rewrite.Length; i++)
        {
            var c = rewrite[i];
            if (c == '\\' && i + 1 < rewrite.Length && char.IsAsciiDigit(rewrite[i + 1]))
            {
                result.Append("${").Append(rewrite[++i]).Append('}');
            }
            else if (c == '\\' && i + 1 < rewrite.Length && rewrite[i + 1] == '\\')
            {
                result.Append('\\');
                i++;
            }
            else
            {
                result.Append(c == '$' ? "$$" : c.ToString());
            }
        }

        return result.ToString();
    }
}

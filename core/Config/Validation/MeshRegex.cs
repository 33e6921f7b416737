using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace GatewayMesh.Core.Config.Validation;

/// <summary>
/// Compiles user regexes (RE2 syntax, as Envoy reads them) the one way the mesh runs them: RE2-only syntax,
/// <see cref="RegexOptions.NonBacktracking"/> (linear time, no catastrophic backtracking) and full-match semantics.
/// Validation and the data plane both go through here, so what validates is exactly what runs.
/// </summary>
public static class MeshRegex
{
    public const int MaxPatternLength = Re2Syntax.MaxPatternLength;

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>Compiles a full-match regex; throws <see cref="ArgumentException"/> with the validation message.</summary>
    public static Regex Compile(string pattern) =>
        TryCompile(pattern, out var regex, out var error) ? regex : throw new ArgumentException(error, nameof(pattern));

    /// <summary>Returns why <paramref name="pattern"/> is rejected (e.g. <c>invalid regex "(a)\1": backreferences...</c>), or null.</summary>
    public static string? Validate(string pattern) => TryCompile(pattern, out _, out var error) ? null : error;

    public static bool TryCompile(string pattern, [NotNullWhen(true)] out Regex? regex, out string error) =>
        TryCompile(pattern, anchored: true, out regex, out error);

    /// <summary>Compiles a search regex (unanchored, as Go's <c>regexp.MatchString</c>), with the same RE2-only checks.</summary>
    public static bool TryCompileSearch(string pattern, [NotNullWhen(true)] out Regex? regex, out string error) =>
        TryCompile(pattern, anchored: false, out regex, out error);

    private static bool TryCompile(string pattern, bool anchored, [NotNullWhen(true)] out Regex? regex, out string error)
    {
        regex = null;
        if (Re2Syntax.Check(pattern, out var dotNetPattern) is { } syntaxError)
        {
            error = pattern.Length > MaxPatternLength ? $"invalid regex: {syntaxError}" : $"invalid regex \"{pattern}\": {syntaxError}";
            return false;
        }

        try
        {
            var alone = new Regex(dotNetPattern, Options); // alone first, so "a)|(b" can't balance against the anchoring group
            regex = anchored ? new Regex($@"\A(?:{dotNetPattern})\z", Options) : alone;
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            error = $"invalid regex \"{pattern}\": {ex.Message}";
            return false;
        }
    }
}

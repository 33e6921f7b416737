using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation;

/// <summary>
/// What one validation pass carries: the resource's display name and the errors found so far.
/// Paths are plain strings built by the caller (<c>$"{path}.route[{i}]"</c>), always from the document root.
/// </summary>
internal sealed class ValidationContext(string resource, IReadOnlyList<string>? unboundPaths = null)
{
    private readonly List<ConfigError> _errors = [];
    private readonly IReadOnlyList<string> _unbound = unboundPaths ?? [];

    public string Resource { get; } = resource;

    /// <summary>
    /// Whether a field at or under <paramref name="path"/> failed to parse and was left unset. Checks over a whole list
    /// or object (e.g. the sum of route weights) skip such input: their verdict would be a consequence of that error.
    /// </summary>
    public bool IsIncomplete(string path) => _unbound.Any(unbound => FieldPaths.IsAtOrUnder(unbound, path));

    /// <summary>
    /// Whether an error follows from a parse error: it is at or under a field left unset, or it is a check of the object
    /// directly holding such a field that names that field (<c>set exactly one of route, redirect, ...</c> when
    /// <c>route</c> did not parse). Other checks of that object still count, and so do a collection's own checks
    /// when one of its items is bad.
    /// </summary>
    public bool FollowsFromParseError(ConfigError error) =>
        _unbound.Any(unbound => FieldPaths.IsAtOrUnder(error.Path, unbound) || NamesUnsetField(error, unbound));

    private static bool NamesUnsetField(ConfigError error, string unbound)
    {
        if (unbound.EndsWith(']') || FieldPaths.Parent(unbound) != error.Path)
        {
            return false;
        }

        var field = unbound[(unbound.LastIndexOf('.') + 1)..];
        for (var at = error.Message.IndexOf(field, StringComparison.Ordinal); at >= 0; at = error.Message.IndexOf(field, at + 1, StringComparison.Ordinal))
        {
            var end = at + field.Length;
            if ((at == 0 || !char.IsAsciiLetterOrDigit(error.Message[at - 1])) && (end == error.Message.Length || !char.IsAsciiLetterOrDigit(error.Message[end])))
            {
                return true;
            }
        }

        return false;
    }

    public IReadOnlyList<ConfigError> Errors => _errors;

    public static ValidationContext For(ConfigResource resource) => new(ResourceDisplay.Of(resource));

    public void Add(string path, string message) => _errors.Add(new ConfigError(Resource, path, message));
}

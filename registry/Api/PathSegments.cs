using System.Text.RegularExpressions;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Registry.Api;

/// <summary>Checks kinds, namespaces and names taken from URLs and query strings before they reach a store.</summary>
internal static partial class PathSegments
{
    public const int MaxNameLength = 253;
    public const int MaxNamespaceLength = 63;

    /// <summary>Resolves any spelling of a kind (<c>vs</c>, <c>virtualservices</c>, ...) or gives a 404 "unknown kind".</summary>
    public static bool TryResolveKind(string? kind, out ResourceKindInfo info, out IResult? error)
    {
        var found = kind is { Length: > 0 and <= 100 } ? ResourceKinds.Find(kind) : null;
        info = found!;
        error = found is null ? ApiErrors.NotFound($"unknown kind '{Truncate(kind)}'") : null;
        return found is not null;
    }

    /// <summary>DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending alphanumeric, at most 253 characters.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name);

    /// <summary>DNS-1123 label: lowercase letters, digits and '-', at most 63 characters.</summary>
    public static bool IsValidNamespace(string? ns) =>
        ns is { Length: > 0 and <= MaxNamespaceLength } && LabelPattern().IsMatch(ns);

    /// <summary>Instance ids are freer (pod names, host:port); still bounded and without '/' or spaces.</summary>
    public static bool IsValidInstanceId(string? id) =>
        id is { Length: > 0 and <= MaxNameLength } && InstanceIdPattern().IsMatch(id);

    /// <summary>Null when namespace and name are valid, else a 400 naming the bad segment.</summary>
    public static IResult? CheckNamespaceAndName(string ns, string name, string nameLabel = "name")
    {
        if (!IsValidNamespace(ns))
        {
            return ApiErrors.BadRequest($"invalid namespace '{Truncate(ns)}': use lowercase letters, digits and '-', at most {MaxNamespaceLength} characters");
        }

        return IsValidName(name)
            ? null
            : ApiErrors.BadRequest($"invalid {nameLabel} '{Truncate(name)}': use lowercase letters, digits, '-' and '.', at most {MaxNameLength} characters");
    }

    public static string Truncate(string? value) =>
        value is null ? "" : value.Length <= 64 ? value : value[..64] + "...";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9._:]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceIdPattern();
}

namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>Kubernetes name syntax: DNS-1123 labels and subdomains, and label keys/values.</summary>
internal static class NameRules
{
    public const int MaxLabelLength = 63;
    public const int MaxSubdomainLength = 253;

    /// <summary>Lower-case alphanumerics and '-', starting and ending alphanumeric, at most 63 characters.</summary>
    public static bool IsDns1123Label(string? value) =>
        value is { Length: > 0 and <= MaxLabelLength } &&
        IsLowerAlphanumeric(value[0]) && IsLowerAlphanumeric(value[^1]) &&
        value.All(c => IsLowerAlphanumeric(c) || c == '-');

    /// <summary>Dot-separated DNS-1123 labels, at most 253 characters.</summary>
    public static bool IsDns1123Subdomain(string? value) =>
        value is { Length: > 0 and <= MaxSubdomainLength } && value.Split('.').All(IsDns1123Label);

    /// <summary>A label name or value body: alphanumerics, '-', '_', '.', starting and ending alphanumeric, at most 63.</summary>
    public static bool IsQualifiedNamePart(string value) =>
        value.Length is > 0 and <= MaxLabelLength &&
        char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1]) &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Same as <see cref="IsDns1123Label"/> but upper-case letters allowed (host name labels).</summary>
    public static bool IsHostLabel(string value) =>
        value.Length is > 0 and <= MaxLabelLength &&
        char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1]) &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public static string Quote(string? value) => value is null ? "null" : $"\"{value}\"";

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}

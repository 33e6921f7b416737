using System.Text.RegularExpressions;

namespace GatewayMesh.Core.Config.Parsing.Yaml;

/// <summary>What a plain scalar means under the YAML 1.2 core schema.</summary>
internal enum PlainScalarType
{
    Null,
    Bool,
    Int,
    Float,
    String,
}

/// <summary>
/// The YAML 1.2 core schema's resolution of plain scalars. Kubernetes reads YAML the same way, which is why
/// <c>name: 123</c> is not a string there: the parser rejects what the user did not mean, and says to quote it.
/// </summary>
internal static partial class CoreSchema
{
    public static PlainScalarType Resolve(string value) =>
        IsNull(value) ? PlainScalarType.Null
        : IsBool(value) ? PlainScalarType.Bool
        : IntPattern().IsMatch(value) ? PlainScalarType.Int
        : FloatPattern().IsMatch(value) ? PlainScalarType.Float
        : PlainScalarType.String;

    public static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    public static bool IsBool(string value) => value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE";

    public static string Describe(string plainValue) => Resolve(plainValue) switch
    {
        PlainScalarType.Null => "null",
        PlainScalarType.Bool => $"the boolean {plainValue}",
        PlainScalarType.Int or PlainScalarType.Float => $"the number {plainValue}",
        _ => $"the string \"{plainValue}\"",
    };

    [GeneratedRegex("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}

namespace GatewayMesh.Core.Mixer.Expressions.Syntax;

internal enum CexlTokenKind
{
    End,
    Identifier,
    Int,
    Float,
    String,
    Operator,
}

/// <summary>One token; <see cref="Value"/> holds a literal's decoded value (a string's unquoted text).</summary>
internal readonly record struct CexlToken(CexlTokenKind Kind, string Text, int Position, object? Value = null);

namespace GatewayMesh.Core.Mixer.Expressions.Syntax;

/// <summary>A syntax error at a position of the source; caught by <see cref="CexlParser.Parse"/>, never seen by callers.</summary>
internal sealed class CexlSyntaxException(int position, string message) : Exception(message)
{
    public int Position { get; } = position;
}

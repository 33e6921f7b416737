namespace GatewayMesh.Core.Expressions;

/// <summary>The parsed form of an expression, before names are resolved. Positions are 0-based character offsets.</summary>
internal abstract record CelNode(int Position);

internal sealed record CelLiteralNode(int Position, CelValue Value) : CelNode(Position);

internal sealed record CelIdentNode(int Position, string Name) : CelNode(Position);

internal sealed record CelSelectNode(int Position, CelNode Target, string Field) : CelNode(Position);

internal sealed record CelIndexNode(int Position, CelNode Target, CelNode Key) : CelNode(Position);

/// <summary>A function call (<c>size(x)</c>) or a method call (<c>x.startsWith(y)</c>, <see cref="Target"/> set).</summary>
internal sealed record CelCallNode(int Position, CelNode? Target, string Function, IReadOnlyList<CelNode> Args) : CelNode(Position);

internal sealed record CelUnaryNode(int Position, string Operator, CelNode Operand) : CelNode(Position);

internal sealed record CelBinaryNode(int Position, string Operator, CelNode Left, CelNode Right) : CelNode(Position);

internal sealed record CelConditionalNode(int Position, CelNode Condition, CelNode Then, CelNode Else) : CelNode(Position);

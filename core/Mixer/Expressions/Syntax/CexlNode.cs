using System.Collections.Immutable;

namespace GatewayMesh.Core.Mixer.Expressions.Syntax;

/// <summary>
/// A parsed expression, as Mixer's own AST has it: constants, attributes (the whole dotted name is one variable) and
/// functions; operators are functions too (<c>EQ</c>, <c>NEQ</c>, <c>LT</c>, <c>LEQ</c>, <c>GT</c>, <c>GEQ</c>, <c>OR</c> for
/// <c>|</c>, <c>LAND</c>, <c>LOR</c>, <c>NOT</c>, <c>INDEX</c> for <c>m[k]</c>, <c>ADD</c>). <see cref="Position"/> is the
/// 0-based offset in the source, for messages.
/// </summary>
public abstract record CexlNode(int Position);

/// <summary>A literal: its value (string, long, double, bool or TimeSpan), its type and its text.</summary>
public sealed record CexlLiteral(object Value, CexlType Type, string Text, int Position) : CexlNode(Position);

/// <summary>An attribute, by its full dotted name (<c>request.headers</c>, <c>source.labels</c>).</summary>
public sealed record CexlVariable(string Name, int Position) : CexlNode(Position);

/// <summary>A function or operator; <see cref="Target"/> is the receiver of a method call (<c>x.startsWith(y)</c>).</summary>
public sealed record CexlCall(string Function, CexlNode? Target, ImmutableArray<CexlNode> Args, int Position) : CexlNode(Position);

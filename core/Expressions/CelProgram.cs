using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace GatewayMesh.Core.Expressions;

/// <summary>
/// A compiled expression in the subset of CEL that Istio's Telemetry API uses (access-log <c>filter.expression</c>,
/// metric <c>tagOverrides</c> values): literals, Envoy's request/response/connection attributes, headers by name,
/// <c>! - * / % + == != &lt; &lt;= &gt; &gt;= in &amp;&amp; || ?:</c>, and <c>startsWith</c>, <c>endsWith</c>,
/// <c>contains</c>, <c>matches</c>, <c>size</c>, <c>string</c>, <c>int</c>, <c>double</c>. Names are resolved when
/// compiling, so an unknown attribute is a validation error, not a silent false at run time. Two programs are equal
/// when their text is.
/// </summary>
public sealed class CelProgram : IEquatable<CelProgram>
{
    public const int MaxLength = 4096;

    private readonly CelEval _root;

    private CelProgram(string text, CelEval root)
    {
        Text = text;
        _root = root;
    }

    public string Text { get; }

    /// <summary>Compiles <paramref name="text"/>; <paramref name="errors"/> lists every problem found (position and reason).</summary>
    public static bool TryCompile(string text, [NotNullWhen(true)] out CelProgram? program, out IReadOnlyList<string> errors)
    {
        var found = new List<string>();
        errors = found;
        program = null;
        if (text.Length > MaxLength)
        {
            found.Add($"expression is {text.Length} characters long; at most {MaxLength} are allowed");
            return false;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            found.Add("expression is empty");
            return false;
        }

        var node = CelParser.Parse(text, found);
        if (node is null)
        {
            return false;
        }

        var root = new CelCompiler(found).Compile(node);
        if (found.Count > 0)
        {
            return false;
        }

        program = new CelProgram(text, root);
        return true;
    }

    public static CelProgram Compile(string text) =>
        TryCompile(text, out var program, out var errors) ? program : throw new ArgumentException(string.Join("; ", errors), nameof(text));

    public CelValue Evaluate(ICelActivation activation) => _root.Eval(activation);

    /// <summary>True only when the expression evaluates to the bool true; an evaluation error counts as false.</summary>
    public bool IsTrue(ICelActivation activation) => _root.Eval(activation) is { Kind: CelKind.Bool, Int: not 0 };

    public bool Equals(CelProgram? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as CelProgram);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public override string ToString() => Text;

    private sealed class CelCompiler(List<string> errors)
    {
        public CelEval Compile(CelNode node) => node switch
        {
            CelLiteralNode literal => new ConstEval(literal.Value),
            CelIdentNode or CelSelectNode => Attribute(node),
            CelIndexNode index => Index(index),
            CelUnaryNode { Operator: "!" } unary => new NotEval(Compile(unary.Operand)),
            CelUnaryNode unary => new NegateEval(Compile(unary.Operand)),
            CelBinaryNode binary => Binary(binary),
            CelConditionalNode conditional => new ConditionalEval(Compile(conditional.Condition), Compile(conditional.Then), Compile(conditional.Else)),
            CelCallNode call => Call(call),
            _ => Error(node, "unsupported expression"),
        };

        private CelEval Attribute(CelNode node)
        {
            var name = DottedName(node);
            if (name is null)
            {
                return Error(node, "only attribute names can be selected with '.'");
            }

            if (CelAttributes.ByName.TryGetValue(name, out var attribute))
            {
                return new AttributeEval(attribute);
            }

            return name is CelAttributes.RequestHeaders or CelAttributes.ResponseHeaders
                ? Error(node, $"{name} is a map: index it with a header name, e.g. {name}['x-user']")
                : Error(node, $"unknown attribute '{name}'; known: {string.Join(", ", CelAttributes.Names)}");
        }

        private CelEval Index(CelIndexNode index)
        {
            var map = DottedName(index.Target);
            if (map is not (CelAttributes.RequestHeaders or CelAttributes.ResponseHeaders))
            {
                return Error(index, "only request.headers and response.headers can be indexed");
            }

            if (index.Key is not CelLiteralNode { Value.Kind: CelKind.String } key)
            {
                return Error(index.Key, "a header name must be a quoted string");
            }

            return new HeaderEval(key.Value.Text!.ToLowerInvariant(), map == CelAttributes.ResponseHeaders);
        }

        private CelEval Binary(CelBinaryNode binary)
        {
            switch (binary.Operator)
            {
                case "in":
                    var map = DottedName(binary.Right);
                    if (map is not (CelAttributes.RequestHeaders or CelAttributes.ResponseHeaders) || binary.Left is not CelLiteralNode { Value.Kind: CelKind.String } key)
                    {
                        return Error(binary, "'in' is supported as 'name' in request.headers (or response.headers)");
                    }

                    return new HeaderPresentEval(key.Value.Text!.ToLowerInvariant(), map == CelAttributes.ResponseHeaders);
                case "&&" or "||":
                    return new LogicEval(binary.Operator == "&&", Compile(binary.Left), Compile(binary.Right));
                case "+" or "-" or "*" or "/" or "%":
                    return new ArithmeticEval(binary.Operator, Compile(binary.Left), Compile(binary.Right));
                default:
                    return new CompareEval(binary.Operator, Compile(binary.Left), Compile(binary.Right));
            }
        }

        private CelEval Call(CelCallNode call)
        {
            switch (call.Function)
            {
                case "startsWith" or "endsWith" or "contains" when call.Target is not null && call.Args.Count == 1:
                    return new StringTestEval(call.Function, Compile(call.Target), Compile(call.Args[0]));
                case "matches" when call.Target is not null && call.Args.Count == 1:
                    return Matches(call, call.Target, call.Args[0]);
                case "size" when call.Target is not null && call.Args.Count == 0:
                    return new ConversionEval("size", Compile(call.Target));
                case "size" or "string" or "int" or "double" when call.Target is null && call.Args.Count == 1:
                    return new ConversionEval(call.Function, Compile(call.Args[0]));
                case "startsWith" or "endsWith" or "contains" or "matches" or "size" or "string" or "int" or "double":
                    return Error(call, $"wrong number of arguments to {call.Function}()");
                default:
                    return Error(call, $"unknown function '{call.Function}'; supported: startsWith, endsWith, contains, matches, size, string, int, double");
            }
        }

        private CelEval Matches(CelNode call, CelNode target, CelNode pattern)
        {
            if (pattern is not CelLiteralNode { Value.Kind: CelKind.String } literal)
            {
                return Error(pattern, "matches() needs a quoted regular expression");
            }

            try
            {
                // Non-backtracking: linear time, and it refuses what RE2 lacks (backreferences, lookarounds).
                return new MatchesEval(Compile(target), new Regex(literal.Value.Text!, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                return Error(call, $"invalid regex \"{literal.Value.Text}\": {ex.Message}");
            }
        }

        private static string? DottedName(CelNode node) => node switch
        {
            CelIdentNode ident => ident.Name,
            CelSelectNode select when DottedName(select.Target) is { } prefix => $"{prefix}.{select.Field}",
            _ => null,
        };

        /// <summary>Where a node's text starts: <c>request.headers</c> is reported at <c>request</c>, not at <c>headers</c>.</summary>
        private static int Start(CelNode node) => node switch
        {
            CelSelectNode select => Start(select.Target),
            CelIndexNode index => Start(index.Target),
            CelBinaryNode binary => Start(binary.Left),
            CelCallNode { Target: { } target } => Start(target),
            CelConditionalNode conditional => Start(conditional.Condition),
            _ => node.Position,
        };

        private ConstEval Error(CelNode node, string message)
        {
            errors.Add($"at {Start(node)}: {message}");
            return new ConstEval(CelValue.Null);
        }
    }
}

using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace GatewayMesh.Core.Mixer.Expressions.Syntax;

/// <summary>Limits that keep hostile expressions cheap to reject.</summary>
public sealed record CexlLimits
{
    public static CexlLimits Default { get; } = new();

    public int MaxLength { get; init; } = 64 * 1024;

    /// <summary>Levels of nesting (the height of the tree): parentheses, calls, and each operator of a chain.</summary>
    public int MaxDepth { get; init; } = 200;

    public int MaxNodes { get; init; } = 4096;
}

/// <summary>
/// Parses Mixer's expression language: Go's expression syntax with Go's operator precedence (<c>||</c> lowest, then
/// <c>&amp;&amp;</c>, then comparisons, then <c>+</c> and <c>|</c>), where a dotted name is one attribute
/// (<c>request.headers</c>), <c>m[k]</c> indexes a map, <c>f(x)</c> calls a function and <c>x.f(y)</c> a method.
/// Never throws: a bad expression gives a message naming the position.
/// </summary>
public sealed class CexlParser
{
    private readonly CexlLexer _lexer;
    private readonly CexlLimits _limits;
    private CexlToken _token;
    private int _nodes;
    private int _depth;

    private CexlParser(string source, CexlLimits limits)
    {
        _lexer = new CexlLexer(source);
        _limits = limits;
    }

    /// <summary>The expression's tree, or null and why not.</summary>
    public static CexlNode? Parse(string source, out string? error, CexlLimits? limits = null)
    {
        limits ??= CexlLimits.Default;
        error = null;
        if (source.Length > limits.MaxLength)
        {
            error = $"expression is {source.Length} characters long; the limit is {limits.MaxLength}";
            return null;
        }

        if (string.IsNullOrWhiteSpace(source))
        {
            error = "expression is empty";
            return null;
        }

        var parser = new CexlParser(source, limits);
        try
        {
            parser.Advance();
            var node = parser.Binary(1);
            if (parser._token.Kind != CexlTokenKind.End)
            {
                throw new CexlSyntaxException(parser._token.Position, $"unexpected '{parser._token.Text}' after the expression");
            }

            if (Height(node) > limits.MaxDepth)
            {
                throw new CexlSyntaxException(0, $"expression nests more than {limits.MaxDepth} levels deep");
            }

            return node;
        }
        catch (CexlSyntaxException ex)
        {
            error = $"unable to parse expression '{Excerpt(source)}': position {ex.Position + 1}: {ex.Message}";
            return null;
        }
        catch (InsufficientExecutionStackException)
        {
            error = $"unable to parse expression '{Excerpt(source)}': it nests too deeply";
            return null;
        }
    }

    /// <summary>The height of the tree, walked without recursion (a long chain of operators is a deep tree).</summary>
    private static int Height(CexlNode root)
    {
        var max = 0;
        var pending = new Stack<(CexlNode Node, int Level)>();
        pending.Push((root, 1));
        while (pending.TryPop(out var item))
        {
            max = Math.Max(max, item.Level);
            if (item.Node is CexlCall call)
            {
                if (call.Target is not null)
                {
                    pending.Push((call.Target, item.Level + 1));
                }

                foreach (var arg in call.Args)
                {
                    pending.Push((arg, item.Level + 1));
                }
            }
        }

        return max;
    }

    private static string Excerpt(string source) => source.Length <= 200 ? source : source[..200] + "...";

    private void Advance() => _token = _lexer.Next();

    private static int Precedence(CexlToken token) => token.Kind != CexlTokenKind.Operator ? 0 : token.Text switch
    {
        "||" => 1,
        "&&" => 2,
        "==" or "!=" or "<" or "<=" or ">" or ">=" => 3,
        "+" or "-" or "|" => 4,
        _ => 0,
    };

    private static string FunctionOf(string op) => op switch
    {
        "||" => "LOR",
        "&&" => "LAND",
        "==" => "EQ",
        "!=" => "NEQ",
        "<" => "LT",
        "<=" => "LEQ",
        ">" => "GT",
        ">=" => "GEQ",
        "+" => "ADD",
        "|" => "OR",
        _ => throw new CexlSyntaxException(0, $"operator '{op}' is not supported"),
    };

    private CexlNode Binary(int minPrecedence)
    {
        var left = Unary();
        while (Precedence(_token) is var precedence && precedence >= minPrecedence)
        {
            var op = _token;
            if (op.Text == "-")
            {
                throw new CexlSyntaxException(op.Position, "operator '-' is not supported");
            }

            Advance();
            var right = Binary(precedence + 1);
            left = Node(new CexlCall(FunctionOf(op.Text), null, [left, right], op.Position));
        }

        return left;
    }

    private CexlNode Unary()
    {
        if (_token is { Kind: CexlTokenKind.Operator, Text: "!" })
        {
            var position = _token.Position;
            Advance();
            Enter(1);
            var operand = Unary();
            _depth--;
            return Node(new CexlCall("NOT", null, [operand], position));
        }

        if (_token is { Kind: CexlTokenKind.Operator, Text: "-" })
        {
            var position = _token.Position;
            Advance();
            if (_token.Kind is CexlTokenKind.Int or CexlTokenKind.Float)
            {
                var literal = Literal();
                return literal.Value switch
                {
                    long l => Node(literal with { Value = -l, Text = "-" + literal.Text, Position = position }),
                    double d => Node(literal with { Value = -d, Text = "-" + literal.Text, Position = position }),
                    _ => literal,
                };
            }

            throw new CexlSyntaxException(position, "unary '-' applies only to number literals");
        }

        return Postfix(Primary());
    }

    private CexlNode Primary()
    {
        var token = _token;
        switch (token.Kind)
        {
            case CexlTokenKind.Int or CexlTokenKind.Float or CexlTokenKind.String:
                return Node(Literal());
            case CexlTokenKind.Identifier:
            {
                Advance();
                var lower = token.Text.ToLowerInvariant();
                if (lower is "true" or "false")
                {
                    return Node(new CexlLiteral(lower == "true", CexlType.Bool, lower, token.Position));
                }

                // A dotted name is one attribute; a call on it is a function (one part) or a method (target = the rest).
                var name = token.Text;
                while (_token is { Kind: CexlTokenKind.Operator, Text: "." })
                {
                    Advance();
                    var part = Expect(CexlTokenKind.Identifier, "a name after '.'");
                    if (_token is { Kind: CexlTokenKind.Operator, Text: "(" })
                    {
                        var target = Node(new CexlVariable(name, token.Position));
                        return Call(part.Text, target, part.Position);
                    }

                    name += "." + part.Text;
                }

                if (_token is { Kind: CexlTokenKind.Operator, Text: "(" })
                {
                    return name.Contains('.') ? throw new CexlSyntaxException(token.Position, $"'{name}' is not a function") : Call(name, null, token.Position);
                }

                return Node(new CexlVariable(name, token.Position));
            }

            case CexlTokenKind.Operator when token.Text == "(":
            {
                Advance();
                Enter(1);
                var inner = Binary(1);
                _depth--;
                Expect(")", "')'");
                return inner;
            }

            case CexlTokenKind.End:
                throw new CexlSyntaxException(token.Position, "unexpected end of expression");
            default:
                throw new CexlSyntaxException(token.Position, $"unexpected '{token.Text}'");
        }
    }

    /// <summary>Indexes (<c>m["k"]</c>) and method calls (<c>x.f(y)</c>) after an operand.</summary>
    private CexlNode Postfix(CexlNode node)
    {
        while (true)
        {
            if (_token is { Kind: CexlTokenKind.Operator, Text: "[" })
            {
                var position = _token.Position;
                Advance();
                Enter(1);
                var key = Binary(1);
                _depth--;
                Expect("]", "']'");
                node = Node(new CexlCall("INDEX", null, [node, key], position));
            }
            else if (_token is { Kind: CexlTokenKind.Operator, Text: "." })
            {
                Advance();
                var method = Expect(CexlTokenKind.Identifier, "a method name after '.'");
                if (_token is not { Kind: CexlTokenKind.Operator, Text: "(" })
                {
                    throw new CexlSyntaxException(method.Position, $"'.{method.Text}' on a value that is not an attribute name; only method calls may follow it");
                }

                node = Call(method.Text, node, method.Position);
            }
            else
            {
                return node;
            }
        }
    }

    private CexlNode Call(string function, CexlNode? target, int position)
    {
        Expect("(", "'('");
        Enter(1);
        var args = ImmutableArray.CreateBuilder<CexlNode>();
        if (_token is not { Kind: CexlTokenKind.Operator, Text: ")" })
        {
            while (true)
            {
                args.Add(Binary(1));
                if (_token is { Kind: CexlTokenKind.Operator, Text: "," })
                {
                    Advance();
                    continue;
                }

                break;
            }
        }

        Expect(")", "')' or ','");
        _depth--;
        return Postfix(Node(new CexlCall(function, target, args.ToImmutable(), position)));
    }

    private CexlLiteral Literal()
    {
        var token = _token;
        Advance();
        return token.Kind switch
        {
            CexlTokenKind.Int => new CexlLiteral(token.Value!, CexlType.Int64, token.Text, token.Position),
            CexlTokenKind.Float => new CexlLiteral(token.Value!, CexlType.Double, token.Text, token.Position),
            // As in Mixer: a string literal that reads as a Go duration ("10ms", "1h30m", "0") is a DURATION.
            _ => GoDuration.TryParse((string)token.Value!, out var duration)
                ? new CexlLiteral(duration, CexlType.Duration, token.Text, token.Position)
                : new CexlLiteral(token.Value!, CexlType.String, token.Text, token.Position),
        };
    }

    private CexlToken Expect(CexlTokenKind kind, string what)
    {
        var token = _token;
        if (token.Kind != kind)
        {
            throw new CexlSyntaxException(token.Position, token.Kind == CexlTokenKind.End ? $"expected {what}, found the end" : $"expected {what}, found '{token.Text}'");
        }

        Advance();
        return token;
    }

    private void Expect(string op, string what)
    {
        if (_token is not { Kind: CexlTokenKind.Operator } || _token.Text != op)
        {
            throw new CexlSyntaxException(_token.Position, _token.Kind == CexlTokenKind.End ? $"expected {what}, found the end" : $"expected {what}, found '{_token.Text}'");
        }

        Advance();
    }

    private void Enter(int levels)
    {
        _depth += levels;
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (_depth > _limits.MaxDepth)
        {
            throw new CexlSyntaxException(_token.Position, $"expression nests more than {_limits.MaxDepth} levels deep");
        }
    }

    private T Node<T>(T node)
        where T : CexlNode
    {
        if (++_nodes > _limits.MaxNodes)
        {
            throw new CexlSyntaxException(node.Position, $"expression has more than {_limits.MaxNodes} terms");
        }

        return node;
    }
}

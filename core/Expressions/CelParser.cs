namespace GatewayMesh.Core.Expressions;

/// <summary>
/// A recursive-descent parser for the CEL subset, with CEL's precedence: <c>?:</c>, <c>||</c>, <c>&amp;&amp;</c>,
/// relations (<c>== != &lt; &lt;= &gt; &gt;= in</c>), <c>+ -</c>, <c>* / %</c>, unary <c>! -</c>, then member
/// access, indexing and calls. Nesting is limited so a hostile expression cannot exhaust the stack.
/// </summary>
internal sealed class CelParser
{
    public const int MaxDepth = 32;

    private readonly List<CelToken> _tokens;
    private readonly List<string> _errors;
    private int _next;
    private int _depth;

    private CelParser(List<CelToken> tokens, List<string> errors)
    {
        _tokens = tokens;
        _errors = errors;
    }

    public static CelNode? Parse(string text, List<string> errors)
    {
        var tokens = CelLexer.Tokenize(text, errors);
        if (errors.Count > 0)
        {
            return null;
        }

        var parser = new CelParser(tokens, errors);
        var node = parser.Expression();
        if (errors.Count == 0 && parser.Peek.Kind != CelTokenKind.End)
        {
            errors.Add($"at {parser.Peek.Position}: unexpected '{parser.Peek.Text}'");
        }

        return errors.Count == 0 ? node : null;
    }

    private CelToken Peek => _tokens[_next];

    private CelNode Expression()
    {
        if (++_depth > MaxDepth)
        {
            Fail(Peek, $"expression nested deeper than {MaxDepth} levels");
            return Bad();
        }

        var condition = Binary(0);
        if (Accept("?"))
        {
            var then = Binary(0);
            Expect(":");
            var otherwise = Expression();
            condition = new CelConditionalNode(condition.Position, condition, then, otherwise);
        }

        _depth--;
        return condition;
    }

    private static readonly string[][] Levels =
    [
        ["||"],
        ["&&"],
        ["==", "!=", "<", "<=", ">", ">=", "in"],
        ["+", "-"],
        ["*", "/", "%"],
    ];

    private CelNode Binary(int level)
    {
        if (level == Levels.Length)
        {
            return Unary();
        }

        var left = Binary(level + 1);
        while (_errors.Count == 0 && IsOperator(Peek, Levels[level]) is { } op)
        {
            var position = Peek.Position;
            _next++;
            var right = Binary(level + 1);
            left = new CelBinaryNode(position, op, left, right);
        }

        return left;
    }

    private CelNode Unary()
    {
        if (Peek is { Kind: CelTokenKind.Operator, Text: "!" or "-" } token)
        {
            _next++;
            if (++_depth > MaxDepth)
            {
                Fail(token, $"expression nested deeper than {MaxDepth} levels");
                return Bad();
            }

            var operand = Unary();
            _depth--;
            return new CelUnaryNode(token.Position, token.Text, operand);
        }

        return Member();
    }

    private CelNode Member()
    {
        var node = Primary();
        while (_errors.Count == 0)
        {
            if (Accept("."))
            {
                var name = Peek;
                if (name.Kind != CelTokenKind.Identifier)
                {
                    Fail(name, $"expected a field or method name after '.', got '{name.Text}'");
                    return Bad();
                }

                _next++;
                node = Accept("(")
                    ? new CelCallNode(name.Position, node, name.Text, Arguments())
                    : new CelSelectNode(name.Position, node, name.Text);
            }
            else if (Peek is { Kind: CelTokenKind.Operator, Text: "[" } open)
            {
                _next++;
                var key = Expression();
                Expect("]");
                node = new CelIndexNode(open.Position, node, key);
            }
            else
            {
                return node;
            }
        }

        return node;
    }

    private CelNode Primary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case CelTokenKind.Int or CelTokenKind.Double or CelTokenKind.String:
                _next++;
                return new CelLiteralNode(token.Position, token.Value);
            case CelTokenKind.Identifier:
                _next++;
                return token.Text switch
                {
                    "true" => new CelLiteralNode(token.Position, CelValue.True),
                    "false" => new CelLiteralNode(token.Position, CelValue.False),
                    "null" => new CelLiteralNode(token.Position, CelValue.Null),
                    _ when Accept("(") => new CelCallNode(token.Position, null, token.Text, Arguments()),
                    _ => new CelIdentNode(token.Position, token.Text),
                };
            case CelTokenKind.Operator when token.Text == "(":
                _next++;
                var inner = Expression();
                Expect(")");
                return inner;
            default:
                Fail(token, $"expected a value, got '{token.Text}'");
                return Bad();
        }
    }

    private List<CelNode> Arguments()
    {
        var args = new List<CelNode>();
        if (Accept(")"))
        {
            return args;
        }

        do
        {
            args.Add(Expression());
        }
        while (_errors.Count == 0 && Accept(","));

        Expect(")");
        return args;
    }

    private static string? IsOperator(CelToken token, string[] operators) =>
        (token.Kind == CelTokenKind.Operator || (token.Kind == CelTokenKind.Identifier && token.Text == "in"))
        && Array.IndexOf(operators, token.Text) >= 0 ? token.Text : null;

    private bool Accept(string op)
    {
        if (Peek.Kind == CelTokenKind.Operator && Peek.Text == op)
        {
            _next++;
            return true;
        }

        return false;
    }

    private void Expect(string op)
    {
        if (!Accept(op))
        {
            Fail(Peek, $"expected '{op}', got '{Peek.Text}'");
        }
    }

    private void Fail(CelToken token, string message)
    {
        if (_errors.Count == 0)
        {
            _errors.Add($"at {token.Position}: {message}");
        }

        _next = _tokens.Count - 1; // stop: one syntax error is enough to report
    }

    private CelLiteralNode Bad() => new(Peek.Position, CelValue.Null);
}

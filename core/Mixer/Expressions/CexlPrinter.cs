using System.Text;
using GatewayMesh.Core.Mixer.Expressions.Syntax;

namespace GatewayMesh.Core.Mixer.Expressions;

/// <summary>Prints a parsed expression back in source form, for messages (<c>source.labels["app"] == "reviews"</c>).</summary>
public static class CexlPrinter
{
    private static readonly Dictionary<string, string> Infix = new(StringComparer.Ordinal)
    {
        ["EQ"] = "==", ["NEQ"] = "!=", ["LT"] = "<", ["LEQ"] = "<=", ["GT"] = ">", ["GEQ"] = ">=",
        ["OR"] = "|", ["LAND"] = "&&", ["LOR"] = "||", ["ADD"] = "+",
    };

    public static string Print(CexlNode node)
    {
        var text = new StringBuilder();
        Write(text, node, 0);
        return text.Length > 200 ? text.ToString(0, 200) + "..." : text.ToString();
    }

    private static void Write(StringBuilder text, CexlNode node, int depth)
    {
        if (text.Length > 200 || depth > 50)
        {
            text.Append("...");
            return;
        }

        switch (node)
        {
            case CexlLiteral literal:
                text.Append(literal.Text);
                break;
            case CexlVariable variable:
                text.Append(variable.Name);
                break;
            case CexlCall { Function: "INDEX" } index:
                Write(text, index.Args[0], depth + 1);
                text.Append('[');
                Write(text, index.Args[1], depth + 1);
                text.Append(']');
                break;
            case CexlCall { Function: "NOT" } not:
                text.Append('!');
                Write(text, not.Args[0], depth + 1);
                break;
            case CexlCall call when Infix.TryGetValue(call.Function, out var op) && call.Args.Length == 2:
                Write(text, call.Args[0], depth + 1);
                text.Append(' ').Append(op).Append(' ');
                Write(text, call.Args[1], depth + 1);
                break;
            case CexlCall call:
                if (call.Target is not null)
                {
                    Write(text, call.Target, depth + 1);
                    text.Append('.');
                }

                text.Append(call.Function).Append('(');
                for (var i = 0; i < call.Args.Length; i++)
                {
                    if (i > 0)
                    {
                        text.Append(", ");
                    }

                    Write(text, call.Args[i], depth + 1);
                }

                text.Append(')');
                break;
        }
    }
}

using System.Globalization;
using System.Text;

namespace GatewayMesh.Core.Expressions;

internal enum CelTokenKind
{
    End,
    Identifier,
    Int,
    Double,
    String,
    Operator,
}

internal readonly record struct CelToken(CelTokenKind Kind, string Text, int Position, CelValue Value = default);

/// <summary>Splits an expression into tokens: identifiers, numbers, quoted strings (single or double quotes, backslash escapes) and operators.</summary>
internal static class CelLexer
{
    private static readonly string[] Operators = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "+", "-", "*", "/", "%", "(", ")", "[", "]", ".", ",", "?", ":"];

    public static List<CelToken> Tokenize(string text, List<string> errors)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new CelToken(CelTokenKind.Identifier, text[start..i], start));
            }
            else if (char.IsAsciiDigit(c))
            {
                tokens.Add(Number(text, ref i, errors));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(Quoted(text, ref i, errors));
            }
            else if (Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0) is { } op)
            {
                tokens.Add(new CelToken(CelTokenKind.Operator, op, i));
                i += op.Length;
            }
            else
            {
                errors.Add($"at {i}: unexpected character '{c}'");
                i++;
            }
        }

        tokens.Add(new CelToken(CelTokenKind.End, "end of expression", text.Length));
        return tokens;
    }

    private static CelToken Number(string text, ref int i, List<string> errors)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var isDouble = i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]);
        if (isDouble)
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        var literal = text[start..i];
        if (i < text.Length && text[i] is 'u' or 'U')
        {
            i++; // CEL's unsigned suffix: the value is the same here
        }

        if (isDouble)
        {
            return new CelToken(CelTokenKind.Double, literal, start, CelValue.Of(double.Parse(literal, CultureInfo.InvariantCulture)));
        }

        if (!long.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add($"at {start}: integer {literal} is out of range");
        }

        return new CelToken(CelTokenKind.Int, literal, start, CelValue.Of(value));
    }

    private static CelToken Quoted(string text, ref int i, List<string> errors)
    {
        var quote = text[i];
        var start = i++;
        var value = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                value.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => text[i] });
            }
            else
            {
                value.Append(text[i]);
            }

            i++;
        }

        if (i >= text.Length)
        {
            errors.Add($"at {start}: unterminated string");
        }
        else
        {
            i++;
        }

        return new CelToken(CelTokenKind.String, text[start..Math.Min(i, text.Length)], start, CelValue.Of(value.ToString()));
    }
}

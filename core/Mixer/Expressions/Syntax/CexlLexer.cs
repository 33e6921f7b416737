using System.Globalization;
using System.Text;

namespace GatewayMesh.Core.Mixer.Expressions.Syntax;

/// <summary>
/// Go's expression tokens, as Mixer read them with <c>go/parser</c>: identifiers, decimal integers, floats,
/// interpreted (<c>"..."</c>) and raw (<c>`...`</c>) strings and character literals (which Mixer read as strings), and
/// operators. Go operators Mixer had no function for (<c>* / % &amp; ^ &lt;&lt; &gt;&gt;</c>, unary <c>-</c> on
/// non-literals) are rejected here with a clear message.
/// </summary>
internal sealed class CexlLexer(string source)
{
    private static readonly string[] Operators = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "|", "+", "-", "(", ")", "[", "]", ".", ","];
    private static readonly string[] Unsupported = ["&^", "<<", ">>", ":=", "...", "*", "/", "%", "&", "^", "=", "{", "}", ";", ":"];

    private int _position;

    public CexlToken Next()
    {
        while (_position < source.Length && source[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }

        if (_position >= source.Length)
        {
            return new CexlToken(CexlTokenKind.End, "", _position);
        }

        var c = source[_position];
        if (char.IsLetter(c) || c == '_')
        {
            return Identifier();
        }

        if (char.IsAsciiDigit(c) || (c == '.' && _position + 1 < source.Length && char.IsAsciiDigit(source[_position + 1])))
        {
            return Number();
        }

        if (c is '"' or '\'')
        {
            return Quoted(c);
        }

        if (c == '`')
        {
            return Raw();
        }

        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(source, _position, op, 0, op.Length) == 0)
            {
                var start = _position;
                _position += op.Length;
                return new CexlToken(CexlTokenKind.Operator, op, start);
            }
        }

        foreach (var op in Unsupported)
        {
            if (string.CompareOrdinal(source, _position, op, 0, op.Length) == 0)
            {
                throw new CexlSyntaxException(_position, $"operator '{op}' is not supported");
            }
        }

        throw new CexlSyntaxException(_position, $"unexpected character '{c}'");
    }

    private CexlToken Identifier()
    {
        var start = _position;
        while (_position < source.Length && (char.IsLetterOrDigit(source[_position]) || source[_position] == '_'))
        {
            _position++;
        }

        return new CexlToken(CexlTokenKind.Identifier, source[start.._position], start);
    }

    private CexlToken Number()
    {
        var start = _position;
        var isFloat = false;
        while (_position < source.Length && (char.IsAsciiLetterOrDigit(source[_position]) || source[_position] is '.' or '_' ||
               (source[_position] is '+' or '-' && source[_position - 1] is 'e' or 'E' && !IsHex(start))))
        {
            isFloat |= source[_position] is '.' or 'e' or 'E' && !IsHex(start);
            _position++;
        }

        var text = source[start.._position];
        if (!isFloat)
        {
            // Mixer parsed integer literals with ParseInt(text, 10, 64): decimal only.
            if (!text.All(char.IsAsciiDigit) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
            {
                throw new CexlSyntaxException(start, $"invalid integer literal {text} (decimal, at most {long.MaxValue})");
            }

            return new CexlToken(CexlTokenKind.Int, text, start, integer);
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number) ||
            !double.IsFinite(number))
        {
            throw new CexlSyntaxException(start, $"invalid floating-point literal {text}");
        }

        return new CexlToken(CexlTokenKind.Float, text, start, number);
    }

    private bool IsHex(int start) => start + 1 < source.Length && source[start] == '0' && source[start + 1] is 'x' or 'X';

    private CexlToken Quoted(char quote)
    {
        var start = _position++;
        var text = new StringBuilder();
        while (true)
        {
            if (_position >= source.Length || source[_position] == '\n')
            {
                throw new CexlSyntaxException(start, quote == '"' ? "string literal not terminated" : "character literal not terminated");
            }

            var c = source[_position++];
            if (c == quote)
            {
                break;
            }

            if (c == '\\')
            {
                Escape(text, quote);
            }
            else
            {
                text.Append(c);
            }
        }

        if (quote == '\'' && text.Length != 1 && !(text.Length == 2 && char.IsSurrogatePair(text[0], text[1])))
        {
            throw new CexlSyntaxException(start, "a character literal holds exactly one character; use \"...\" for strings");
        }

        return new CexlToken(CexlTokenKind.String, source[start.._position], start, text.ToString());
    }

    private void Escape(StringBuilder text, char quote)
    {
        if (_position >= source.Length)
        {
            throw new CexlSyntaxException(_position, "escape sequence not terminated");
        }

        var escapeStart = _position - 1;
        var c = source[_position++];
        switch (c)
        {
            case 'a': text.Append('\a'); return;
            case 'b': text.Append('\b'); return;
            case 'f': text.Append('\f'); return;
            case 'n': text.Append('\n'); return;
            case 'r': text.Append('\r'); return;
            case 't': text.Append('\t'); return;
            case 'v': text.Append('\v'); return;
            case '\\': text.Append('\\'); return;
            case 'x': text.Append((char)Digits(2, 16, escapeStart)); return;
            case 'u': AppendCodePoint(text, Digits(4, 16, escapeStart), escapeStart); return;
            case 'U': AppendCodePoint(text, Digits(8, 16, escapeStart), escapeStart); return;
            case >= '0' and <= '7':
                _position--;
                text.Append((char)Digits(3, 8, escapeStart, max: 255));
                return;
            default:
                if (c == quote)
                {
                    text.Append(c);
                    return;
                }

                throw new CexlSyntaxException(escapeStart, $"unknown escape sequence \\{c}");
        }
    }

    private int Digits(int count, int radix, int escapeStart, int max = int.MaxValue)
    {
        if (_position + count > source.Length)
        {
            throw new CexlSyntaxException(escapeStart, "escape sequence not terminated");
        }

        var value = 0L;
        for (var i = 0; i < count; i++)
        {
            var digit = HexValue(source[_position + i]);
            if (digit < 0 || digit >= radix)
            {
                throw new CexlSyntaxException(escapeStart, $"invalid character '{source[_position + i]}' in escape sequence");
            }

            value = (value * radix) + digit;
        }

        _position += count;
        if (value > max)
        {
            throw new CexlSyntaxException(escapeStart, "octal escape value > 255");
        }

        return (int)value;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static void AppendCodePoint(StringBuilder text, int codePoint, int position)
    {
        if (codePoint > 0x10FFFF || codePoint is >= 0xD800 and <= 0xDFFF)
        {
            throw new CexlSyntaxException(position, "escape sequence is an invalid Unicode code point");
        }

        text.Append(char.ConvertFromUtf32(codePoint));
    }

    private CexlToken Raw()
    {
        var start = _position++;
        var end = source.IndexOf('`', _position);
        if (end < 0)
        {
            throw new CexlSyntaxException(start, "raw string literal not terminated");
        }

        var value = source[_position..end].Replace("\r", "", StringComparison.Ordinal);
        _position = end + 1;
        return new CexlToken(CexlTokenKind.String, source[start.._position], start, value);
    }
}

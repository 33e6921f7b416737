using System.Net;
using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions.Evaluation;
using GatewayMesh.Core.Mixer.Expressions.Syntax;

namespace GatewayMesh.Core.Mixer.Expressions;

/// <summary>
/// A function or operator: how many operands (a method's receiver counts as the first), whether it is called as a
/// method (<c>x.f(y)</c>), as a function (<c>f(x, y)</c>), or both, and how it is compiled.
/// </summary>
internal sealed record CexlFunction(
    string Name,
    int Arity,
    bool Method,
    bool Global,
    Func<CexlCompiler, CexlCall, IReadOnlyList<CexlNode>, Compiled> Build);

/// <summary>The functions and operators of the language: Mixer's, plus <c>toLower</c> and <c>size</c>.</summary>
internal static class CexlFunctions
{
    private static readonly Dictionary<string, CexlFunction> ByName = new CexlFunction[]
    {
        new("EQ", 2, false, true, (c, call, ops) => Equality(c, call, ops, negate: false)),
        new("NEQ", 2, false, true, (c, call, ops) => Equality(c, call, ops, negate: true)),
        new("LT", 2, false, true, Comparison),
        new("LEQ", 2, false, true, Comparison),
        new("GT", 2, false, true, Comparison),
        new("GEQ", 2, false, true, Comparison),
        new("OR", 2, false, true, FirstDefined),
        new("LAND", 2, false, true, (_, _, _) => throw new InvalidOperationException()),
        new("LOR", 2, false, true, (_, _, _) => throw new InvalidOperationException()),
        new("NOT", 1, false, true, Not),
        new("INDEX", 2, false, true, (_, _, _) => throw new InvalidOperationException()),
        new("ADD", 2, false, true, Add),
        new("conditional", 3, false, true, Conditional),
        new("conditionalString", 3, false, true, ConditionalString),
        new("match", 2, false, true, Match),
        new("matches", 2, true, false, Matches),
        new("startsWith", 2, true, false, (c, call, ops) => StartsWith(c, call, ops, suffix: false)),
        new("endsWith", 2, true, false, (c, call, ops) => StartsWith(c, call, ops, suffix: true)),
        new("ip", 1, false, true, Ip),
        new("timestamp", 1, false, true, Timestamp),
        new("emptyStringMap", 0, false, true, (_, _, _) => new(CexlType.StringMap, new ConstEval<IStringMap>(true, EmptyStringMap.Instance))),
        new("toLower", 1, true, true, ToLower),
        new("size", 1, true, true, Size),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static CexlFunction? Find(string name) => ByName.GetValueOrDefault(name);

    private static Compiled Equality(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops, bool negate)
    {
        var (left, right) = SameType(c, call, ops);
        if (left.Type == CexlType.StringMap)
        {
            throw new CexlTypeException($"{CexlCompiler.Display(call)}: STRING_MAP values cannot be compared");
        }

        return Generic(left.Type, new EqualityMaker(left, right, negate));
    }

    private static Compiled Comparison(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var (left, right) = SameType(c, call, ops);
        if (left.Type is not (CexlType.Int64 or CexlType.Double or CexlType.Duration or CexlType.Timestamp or CexlType.String))
        {
            throw new CexlTypeException($"{CexlCompiler.Display(call)}: {CexlTypes.Name(left.Type)} values cannot be ordered");
        }

        return Generic(left.Type, new ComparisonMaker(left, right, call.Function));
    }

    private static Compiled FirstDefined(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var (left, right) = SameType(c, call, ops);
        return Generic(left.Type, new FirstDefinedMaker(left, right));
    }

    private static Compiled Not(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var operand = c.Expect(call, ops, 0, CexlType.Bool);
        return new(CexlType.Bool, Fold.IfConstant<bool>(new NotEval((CexlEval<bool>)operand.Eval), operand.IsConstant));
    }

    private static Compiled Add(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var (left, right) = SameType(c, call, ops);
        var constant = new[] { left.IsConstant, right.IsConstant };
        return left.Type switch
        {
            CexlType.String => new(left.Type, Fold.IfConstant<string>(new ConcatEval((CexlEval<string>)left.Eval, (CexlEval<string>)right.Eval), constant)),
            CexlType.Int64 => new(left.Type, Fold.IfConstant<long>(new AddInt64Eval((CexlEval<long>)left.Eval, (CexlEval<long>)right.Eval), constant)),
            CexlType.Double => new(left.Type, Fold.IfConstant<double>(new AddDoubleEval((CexlEval<double>)left.Eval, (CexlEval<double>)right.Eval), constant)),
            CexlType.Duration => new(left.Type, Fold.IfConstant<TimeSpan>(new AddDurationEval((CexlEval<TimeSpan>)left.Eval, (CexlEval<TimeSpan>)right.Eval), constant)),
            _ => throw new CexlTypeException($"{CexlCompiler.Display(call)}: {CexlTypes.Name(left.Type)} values cannot be added"),
        };
    }

    private static Compiled Conditional(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var condition = c.Expect(call, ops, 0, CexlType.Bool);
        var whenTrue = c.Compile(ops[1]);
        var whenFalse = c.Compile(ops[2]);
        CexlCompiler.Require(call, ops, 2, whenFalse, whenTrue.Type);
        return Generic(whenTrue.Type, new ConditionalMaker(condition, whenTrue, whenFalse));
    }

    private static Compiled ConditionalString(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var condition = c.Expect(call, ops, 0, CexlType.Bool);
        var whenTrue = c.Expect(call, ops, 1, CexlType.String);
        var whenFalse = c.Expect(call, ops, 2, CexlType.String);
        return Generic(CexlType.String, new ConditionalMaker(condition, whenTrue, whenFalse));
    }

    private static Compiled Match(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var text = c.Expect(call, ops, 0, CexlType.String);
        var pattern = c.Expect(call, ops, 1, CexlType.String);
        return new(CexlType.Bool, Fold.IfConstant<bool>(new GlobMatchEval((CexlEval<string>)text.Eval, (CexlEval<string>)pattern.Eval), text.IsConstant, pattern.IsConstant));
    }

    /// <summary><c>"regex".matches(s)</c>: the regex must be a literal, so it is compiled (and checked) once, with the config.</summary>
    private static Compiled Matches(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var pattern = c.Expect(call, ops, 0, CexlType.String);
        var text = c.Expect(call, ops, 1, CexlType.String);
        if (pattern.Eval is not ConstEval<string> { Defined: true } literal)
        {
            throw new CexlTypeException($"{CexlCompiler.Display(call)}: the regex of matches must be a string literal, so that it is compiled once");
        }

        var regex = CexlCompiler.SearchRegex(literal.Value);
        return new(CexlType.Bool, Fold.IfConstant<bool>(new RegexMatchEval(regex, (CexlEval<string>)text.Eval), text.IsConstant));
    }

    private static Compiled StartsWith(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops, bool suffix)
    {
        var text = c.Expect(call, ops, 0, CexlType.String);
        var part = c.Expect(call, ops, 1, CexlType.String);
        return new(CexlType.Bool, Fold.IfConstant<bool>(new StartsWithEval((CexlEval<string>)text.Eval, (CexlEval<string>)part.Eval, suffix), text.IsConstant, part.IsConstant));
    }

    private static Compiled Ip(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var text = c.Expect(call, ops, 0, CexlType.String);
        var folded = Fold.IfConstant<IPAddress>(new IpEval((CexlEval<string>)text.Eval), text.IsConstant);
        if (folded is ConstEval<IPAddress> { Defined: false } && text.Eval is ConstEval<string> { Defined: true } literal)
        {
            throw new CexlTypeException($"could not convert {literal.Value} to IP_ADDRESS");
        }

        return new(CexlType.IpAddress, folded);
    }

    private static Compiled Timestamp(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var text = c.Expect(call, ops, 0, CexlType.String);
        var folded = Fold.IfConstant<DateTimeOffset>(new TimestampEval((CexlEval<string>)text.Eval), text.IsConstant);
        if (folded is ConstEval<DateTimeOffset> { Defined: false } && text.Eval is ConstEval<string> { Defined: true } literal)
        {
            throw new CexlTypeException($"could not convert '{literal.Value}' to TIMESTAMP. expected format: '2006-01-02T15:04:05Z07:00'");
        }

        return new(CexlType.Timestamp, folded);
    }

    private static Compiled ToLower(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var text = c.Expect(call, ops, 0, CexlType.String);
        return new(CexlType.String, Fold.IfConstant<string>(new ToLowerEval((CexlEval<string>)text.Eval), text.IsConstant));
    }

    private static Compiled Size(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var operand = c.Compile(ops[0]);
        return operand.Type switch
        {
            CexlType.String => new(CexlType.Int64, Fold.IfConstant<long>(new StringSizeEval((CexlEval<string>)operand.Eval), operand.IsConstant)),
            CexlType.StringMap => new(CexlType.Int64, Fold.IfConstant<long>(new MapSizeEval((CexlEval<IStringMap>)operand.Eval), operand.IsConstant)),
            _ => throw new CexlTypeException($"{CexlCompiler.Display(call)} arg 1 ({CexlPrinter.Print(ops[0])}) typeError got {CexlTypes.Name(operand.Type)}, expected STRING or STRING_MAP"),
        };
    }

    /// <summary>Compiles both operands; the second must have the first's type.</summary>
    private static (Compiled Left, Compiled Right) SameType(CexlCompiler c, CexlCall call, IReadOnlyList<CexlNode> ops)
    {
        var left = c.Compile(ops[0]);
        var right = c.Compile(ops[1]);
        CexlCompiler.Require(call, ops, 1, right, left.Type);
        return (left, right);
    }

    /// <summary>
    /// Runs <paramref name="maker"/> over the CLR type of <paramref name="type"/>. Every instantiation is written out
    /// (no <c>MakeGenericMethod</c>), so ahead-of-time compiled code has them all.
    /// </summary>
    private static Compiled Generic<TMaker>(CexlType type, TMaker maker)
        where TMaker : struct, ITypedMaker => type switch
        {
            CexlType.String => maker.Make<string>(type),
            CexlType.Int64 => maker.Make<long>(type),
            CexlType.Double => maker.Make<double>(type),
            CexlType.Bool => maker.Make<bool>(type),
            CexlType.Timestamp => maker.Make<DateTimeOffset>(type),
            CexlType.Duration => maker.Make<TimeSpan>(type),
            CexlType.IpAddress => maker.Make<IPAddress>(type),
            CexlType.StringMap => maker.Make<IStringMap>(type),
            _ => throw new CexlTypeException($"unsupported type {CexlTypes.Name(type)}"),
        };

    /// <summary>A construction over the CLR type of a CEXL type (see <see cref="Generic"/>).</summary>
    private interface ITypedMaker
    {
        Compiled Make<T>(CexlType type);
    }

    private readonly record struct EqualityMaker(Compiled Left, Compiled Right, bool Negate) : ITypedMaker
    {
        public Compiled Make<T>(CexlType type) => MakeEquality<T>(type, Left, Right, Negate);
    }

    private readonly record struct ComparisonMaker(Compiled Left, Compiled Right, string Op) : ITypedMaker
    {
        public Compiled Make<T>(CexlType type) => MakeComparison<T>(type, Left, Right, Op);
    }

    private readonly record struct FirstDefinedMaker(Compiled Left, Compiled Right) : ITypedMaker
    {
        public Compiled Make<T>(CexlType type) => MakeFirstDefined<T>(type, Left, Right);
    }

    private readonly record struct ConditionalMaker(Compiled Condition, Compiled WhenTrue, Compiled WhenFalse) : ITypedMaker
    {
        public Compiled Make<T>(CexlType type) => MakeConditional<T>(type, Condition, WhenTrue, WhenFalse);
    }

    private static Compiled MakeEquality<T>(CexlType type, Compiled left, Compiled right, bool negate)
    {
        var comparer = typeof(T) == typeof(IPAddress) ? (IEqualityComparer<T>)(object)IpComparer.Instance
            : typeof(T) == typeof(string) ? (IEqualityComparer<T>)(object)StringComparer.Ordinal
            : EqualityComparer<T>.Default;
        var eval = new EqualsEval<T>((CexlEval<T>)left.Eval, (CexlEval<T>)right.Eval, comparer, negate);
        return new(CexlType.Bool, Fold.IfConstant<bool>(eval, left.IsConstant, right.IsConstant));
    }

    private static Compiled MakeComparison<T>(CexlType type, Compiled left, Compiled right, string op)
    {
        var comparer = typeof(T) == typeof(string) ? (IComparer<T>)(object)StringComparer.Ordinal : Comparer<T>.Default;
        var eval = new CompareEval<T>((CexlEval<T>)left.Eval, (CexlEval<T>)right.Eval, op, comparer);
        return new(CexlType.Bool, Fold.IfConstant<bool>(eval, left.IsConstant, right.IsConstant));
    }

    private static Compiled MakeFirstDefined<T>(CexlType type, Compiled left, Compiled right)
    {
        // A fixed first operand decides at compile time: its value, or (undefined) the second operand.
        if (left.Eval is ConstEval<T> constant)
        {
            return constant.Defined ? left : right;
        }

        return new(type, new FirstDefinedEval<T>((CexlEval<T>)left.Eval, (CexlEval<T>)right.Eval));
    }

    private static Compiled MakeConditional<T>(CexlType type, Compiled condition, Compiled whenTrue, Compiled whenFalse)
    {
        if (condition.Eval is ConstEval<bool> constant)
        {
            return constant.Defined ? (constant.Value ? whenTrue : whenFalse) : new(type, ConstEval<T>.Undefined);
        }

        return new(type, new ConditionalEval<T>((CexlEval<bool>)condition.Eval, (CexlEval<T>)whenTrue.Eval, (CexlEval<T>)whenFalse.Eval));
    }

    /// <summary>IP equality as Go's <c>net.IP.Equal</c>: an IPv4 address equals its IPv4-mapped IPv6 form.</summary>
    private sealed class IpComparer : IEqualityComparer<IPAddress>
    {
        public static IpComparer Instance { get; } = new();

        public bool Equals(IPAddress? x, IPAddress? y) => x is not null && y is not null && Normalize(x).Equals(Normalize(y));

        public int GetHashCode(IPAddress obj) => Normalize(obj).GetHashCode();

        private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}

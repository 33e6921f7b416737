using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using GatewayMesh.Core.Config.Validation;
using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions.Evaluation;
using GatewayMesh.Core.Mixer.Expressions.Syntax;

namespace GatewayMesh.Core.Mixer.Expressions;

/// <summary>
/// Type-checks a parsed expression with Mixer's rules and compiles it into typed evaluators, folding what
/// <see cref="FixedAttributes"/> fixes. The rules: attributes have their vocabulary type; a string literal that reads
/// as a Go duration is a DURATION; <c>==</c>, <c>!=</c>, <c>|</c>, <c>+</c> and the branches of <c>conditional</c> need
/// operands of one type; <c>&amp;&amp;</c>, <c>||</c>, <c>!</c> need BOOL; <c>m[k]</c> needs a STRING_MAP and a STRING.
/// </summary>
internal sealed class CexlCompiler(FixedAttributes fixedAttributes)
{
    private readonly HashSet<AttributeReference> _references = [];

    public IReadOnlySet<AttributeReference> References => _references;

    public Compiled Compile(CexlNode node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return node switch
        {
            CexlLiteral literal => Literal(literal),
            CexlVariable variable => Attribute(variable, key: null),
            CexlCall call => Call(call),
            _ => throw new CexlTypeException($"unexpected expression {node}"),
        };
    }

    private static Compiled Literal(CexlLiteral literal) => literal.Type switch
    {
        CexlType.String => new(CexlType.String, new ConstEval<string>(true, (string)literal.Value)),
        CexlType.Int64 => new(CexlType.Int64, new ConstEval<long>(true, (long)literal.Value)),
        CexlType.Double => new(CexlType.Double, new ConstEval<double>(true, (double)literal.Value)),
        CexlType.Bool => new(CexlType.Bool, new ConstEval<bool>(true, (bool)literal.Value)),
        CexlType.Duration => new(CexlType.Duration, new ConstEval<TimeSpan>(true, (TimeSpan)literal.Value)),
        _ => throw new CexlTypeException($"unexpected literal {literal.Text}"),
    };

    private Compiled Attribute(CexlVariable variable, string? key)
    {
        var info = AttributeVocabulary.Find(variable.Name) ?? throw new CexlTypeException($"unknown attribute {variable.Name}");
        var id = info.Id;
        if (fixedAttributes.IsFixed(id))
        {
            return FixedValue(info);
        }

        _references.Add(new AttributeReference(id, key));
        return info.Type switch
        {
            CexlType.String => new(info.Type, new StringAttributeEval(id)),
            CexlType.Int64 => new(info.Type, new Int64AttributeEval(id)),
            CexlType.Bool => new(info.Type, new BoolAttributeEval(id)),
            CexlType.Timestamp => new(info.Type, new TimestampAttributeEval(id)),
            CexlType.Duration => new(info.Type, new DurationAttributeEval(id)),
            CexlType.IpAddress => new(info.Type, new IpAttributeEval(id)),
            CexlType.StringMap => new(info.Type, new StringMapAttributeEval(id)),
            _ => throw new CexlTypeException($"attribute {info.Name} has an unsupported type"),
        };
    }

    private Compiled FixedValue(AttributeInfo info)
    {
        var bag = fixedAttributes.Values;
        return info.Type switch
        {
            CexlType.String => new(info.Type, bag.TryGetString(info.Id, out var s) ? new ConstEval<string>(true, s) : ConstEval<string>.Undefined),
            CexlType.Int64 => new(info.Type, bag.TryGetInt64(info.Id, out var l) ? new ConstEval<long>(true, l) : ConstEval<long>.Undefined),
            CexlType.Bool => new(info.Type, bag.TryGetBool(info.Id, out var b) ? new ConstEval<bool>(true, b) : ConstEval<bool>.Undefined),
            CexlType.Timestamp => new(info.Type, bag.TryGetTimestamp(info.Id, out var t) ? new ConstEval<DateTimeOffset>(true, t) : ConstEval<DateTimeOffset>.Undefined),
            CexlType.Duration => new(info.Type, bag.TryGetDuration(info.Id, out var d) ? new ConstEval<TimeSpan>(true, d) : ConstEval<TimeSpan>.Undefined),
            CexlType.IpAddress => new(info.Type, bag.TryGetIp(info.Id, out var ip) ? new ConstEval<IPAddress>(true, ip) : ConstEval<IPAddress>.Undefined),
            CexlType.StringMap => new(info.Type, bag.TryGetStringMap(info.Id, out var m) ? new ConstEval<IStringMap>(true, m) : ConstEval<IStringMap>.Undefined),
            _ => throw new CexlTypeException($"attribute {info.Name} has an unsupported type"),
        };
    }

    private Compiled Call(CexlCall call)
    {
        var spec = CexlFunctions.Find(call.Function) ?? throw new CexlTypeException($"unknown function: {call.Function}");
        if (call.Target is not null && !spec.Method)
        {
            throw new CexlTypeException($"invoking regular function on instance method: {call.Function}");
        }

        if (call.Target is null && spec.Method && !spec.Global)
        {
            throw new CexlTypeException($"invoking instance method without an instance: {call.Function}");
        }

        // A method's receiver is its first operand: x.startsWith(y) is startsWith(x, y).
        IReadOnlyList<CexlNode> operands = call.Target is null ? call.Args : [call.Target, .. call.Args];
        if (operands.Count != spec.Arity)
        {
            throw new CexlTypeException($"{Display(call)} arity mismatch. Got {operands.Count - (call.Target is null ? 0 : 1)} arg(s), expected {spec.Arity - (call.Target is null ? 0 : 1)} arg(s)");
        }

        return call.Function switch
        {
            "INDEX" => Index(call, operands),
            "LAND" or "LOR" => Logical(call, operands),
            _ => spec.Build(this, call, operands),
        };
    }

    private Compiled Index(CexlCall call, IReadOnlyList<CexlNode> operands)
    {
        var key = Expect(call, operands, 1, CexlType.String);
        var map = operands[0] is CexlVariable variable && key.Eval is ConstEval<string> { Defined: true } constantKey
            ? Attribute(variable, constantKey.Value)
            : Compile(operands[0]);
        Require(call, operands, 0, map, CexlType.StringMap);
        var eval = new IndexEval((CexlEval<IStringMap>)map.Eval, (CexlEval<string>)key.Eval);
        return new(CexlType.String, Fold.IfConstant<string>(eval, map.IsConstant, key.IsConstant));
    }

    private Compiled Logical(CexlCall call, IReadOnlyList<CexlNode> operands)
    {
        var left = (CexlEval<bool>)Expect(call, operands, 0, CexlType.Bool).Eval;
        var right = (CexlEval<bool>)Expect(call, operands, 1, CexlType.Bool).Eval;
        var and = call.Function == "LAND";
        if (left is ConstEval<bool> constant)
        {
            // undefined && x is undefined; false && x is false; true && x is x (and the mirror for ||).
            return new(CexlType.Bool, !constant.Defined || constant.Value != and ? left : right);
        }

        return new(CexlType.Bool, and ? new AndEval(left, right) : new OrEval(left, right));
    }

    /// <summary>Compiles operand <paramref name="index"/> and checks its type.</summary>
    public Compiled Expect(CexlCall call, IReadOnlyList<CexlNode> operands, int index, CexlType type)
    {
        var compiled = Compile(operands[index]);
        Require(call, operands, index, compiled, type);
        return compiled;
    }

    public static void Require(CexlCall call, IReadOnlyList<CexlNode> operands, int index, Compiled compiled, CexlType type)
    {
        if (compiled.Type != type)
        {
            throw new CexlTypeException($"{Display(call)} arg {index + 1} ({CexlPrinter.Print(operands[index])}) typeError got {CexlTypes.Name(compiled.Type)}, expected {CexlTypes.Name(type)}");
        }
    }

    public static string Display(CexlCall call) => CexlPrinter.Print(call);

    /// <summary>Compiles a regex the way every user regex runs: RE2 syntax, non-backtracking; unanchored, as Go's <c>MatchString</c>.</summary>
    public static Regex SearchRegex(string pattern) =>
        MeshRegex.TryCompileSearch(pattern, out var regex, out var error) ? regex : throw new CexlTypeException(error);
}

/// <summary>A compiled operand: its type and its evaluator (a <see cref="CexlEval{T}"/> of the type's CLR form).</summary>
internal readonly record struct Compiled(CexlType Type, object Eval)
{
    public bool IsConstant => Eval switch
    {
        CexlEval<string> e => e.IsConstant,
        CexlEval<long> e => e.IsConstant,
        CexlEval<double> e => e.IsConstant,
        CexlEval<bool> e => e.IsConstant,
        CexlEval<TimeSpan> e => e.IsConstant,
        CexlEval<DateTimeOffset> e => e.IsConstant,
        CexlEval<IPAddress> e => e.IsConstant,
        CexlEval<IStringMap> e => e.IsConstant,
        _ => false,
    };
}

/// <summary>A type error; caught by <see cref="Cexl"/>, never seen by callers.</summary>
internal sealed class CexlTypeException(string message) : Exception(message);

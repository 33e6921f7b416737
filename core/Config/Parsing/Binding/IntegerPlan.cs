using System.Globalization;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// Integers of any CLR width: plain scalars only (a quoted <c>"90"</c> is a string, as in Kubernetes), decimal or
/// the core schema's <c>0x</c>/<c>0o</c> forms, range-checked against the target type.
/// </summary>
internal sealed class IntegerPlan : BindingPlan
{
    private static readonly Dictionary<Type, IntegerPlan> Plans = new()
    {
        [typeof(int)] = new(typeof(int), "a 32-bit integer", int.MinValue, int.MaxValue),
        [typeof(long)] = new(typeof(long), "a 64-bit integer", long.MinValue, long.MaxValue),
        [typeof(uint)] = new(typeof(uint), "an unsigned 32-bit integer", uint.MinValue, uint.MaxValue),
        [typeof(ulong)] = new(typeof(ulong), "an unsigned 64-bit integer", ulong.MinValue, ulong.MaxValue),
        [typeof(short)] = new(typeof(short), "a 16-bit integer", short.MinValue, short.MaxValue),
        [typeof(ushort)] = new(typeof(ushort), "an unsigned 16-bit integer", ushort.MinValue, ushort.MaxValue),
        [typeof(byte)] = new(typeof(byte), "an unsigned 8-bit integer", byte.MinValue, byte.MaxValue),
        [typeof(sbyte)] = new(typeof(sbyte), "an 8-bit integer", sbyte.MinValue, sbyte.MaxValue),
    };

    private readonly Type _type;
    private readonly string _rangeName;
    private readonly Int128 _min;
    private readonly Int128 _max;

    private IntegerPlan(Type type, string rangeName, Int128 min, Int128 max)
    {
        _type = type;
        _rangeName = rangeName;
        _min = min;
        _max = max;
    }

    public static IntegerPlan? For(Type type) => Plans.GetValueOrDefault(type);

    public override string Expected => "an integer";

    public override bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value)
    {
        if (node is not YamlScalar { IsPlain: true } scalar || CoreSchema.Resolve(scalar.Value) != PlainScalarType.Int)
        {
            var hint = node is YamlScalar { IsPlain: false } quoted && CoreSchema.Resolve(quoted.Value) is PlainScalarType.Int or PlainScalarType.Float
                ? " (remove the quotes)"
                : "";
            return Mismatch(node, path, context, out value, hint);
        }

        if (!TryParse(scalar.Value, out var number) || number < _min || number > _max)
        {
            context.Add(path, $"value {scalar.Value} is out of range for {_rangeName} ({_min} to {_max})");
            value = null;
            return false;
        }

        value = ToTarget(number);
        return true;
    }

    private object ToTarget(Int128 number) => Type.GetTypeCode(_type) switch
    {
        TypeCode.Int32 => (int)number,
        TypeCode.Int64 => (long)number,
        TypeCode.UInt32 => (uint)number,
        TypeCode.UInt64 => (ulong)number,
        TypeCode.Int16 => (short)number,
        TypeCode.UInt16 => (ushort)number,
        TypeCode.Byte => (byte)number,
        _ => (sbyte)number,
    };

    private static bool TryParse(string text, out Int128 number)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return Int128.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number) && number >= 0;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            number = 0;
            foreach (var digit in text.AsSpan(2))
            {
                if (number > Int128.MaxValue / 8)
                {
                    return false;
                }

                number = (number * 8) + (digit - '0');
            }

            return true;
        }

        return Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
    }
}

using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// An <see cref="UntypedValue"/> from any node: kept as written, to be bound into a typed shape later
/// (<see cref="UntypedBinder"/>). Plain scalars are put in a canonical form that JSON can carry: strings become
/// <see cref="UntypedScalar.Plain"/> false, numbers decimal, booleans lower case, so YAML input and the stored JSON form
/// compare equal.
/// </summary>
internal sealed partial class UntypedPlan : BindingPlan
{
    public static UntypedPlan Instance { get; } = new();

    public override string Expected => "a value";

    public override bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value)
    {
        value = Convert(node, path, context);
        return value is not null;
    }

    private static UntypedValue? Convert(YamlNode node, FieldPath path, BindingContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case YamlScalar scalar:
                return Canonical(scalar);
            case YamlSequence sequence:
            {
                var items = ImmutableArray.CreateBuilder<UntypedValue>(sequence.Items.Length);
                var ok = true;
                for (var i = 0; i < sequence.Items.Length; i++)
                {
                    if (Convert(sequence.Items[i], path.Index(i), context) is { } item)
                    {
                        items.Add(item);
                    }
                    else
                    {
                        ok = false;
                    }
                }

                return ok ? new UntypedList(new ValueList<UntypedValue>(items.MoveToImmutable())) : null;
            }

            case YamlMapping mapping:
            {
                DuplicateKeys.Report(mapping, path.Key, context);
                var ok = mapping.Duplicates.IsEmpty;
                var fields = new List<KeyValuePair<string, UntypedValue>>(mapping.Entries.Length);
                foreach (var (key, entry) in mapping.Entries)
                {
                    if (Convert(entry, path.Field(key.Value), context) is { } item)
                    {
                        fields.Add(new(key.Value, item));
                    }
                    else
                    {
                        ok = false;
                    }
                }

                return ok ? new UntypedMap(new ValueMap<string, UntypedValue>(fields)) : null;
            }

            default:
                context.Add(path, $"unexpected {node.Description}");
                return null;
        }
    }

    /// <summary>The canonical scalar: JSON's spelling of null, booleans and numbers; everything else a string.</summary>
    public static UntypedScalar Canonical(YamlScalar scalar)
    {
        if (!scalar.IsPlain)
        {
            return new UntypedScalar(scalar.Value, Plain: false);
        }

        var text = scalar.Value;
        return CoreSchema.Resolve(text) switch
        {
            PlainScalarType.Null => new UntypedScalar("null", Plain: true),
            PlainScalarType.Bool => new UntypedScalar(text.ToLowerInvariant(), Plain: true),
            PlainScalarType.Int => CanonicalInteger(text),
            PlainScalarType.Float => CanonicalFloat(text),
            _ => new UntypedScalar(text, Plain: false),
        };
    }

    private static UntypedScalar CanonicalInteger(string text)
    {
        if (JsonNumber().IsMatch(text))
        {
            return new UntypedScalar(text, Plain: true);
        }

        var negative = text.StartsWith('-');
        var digits = text.TrimStart('+', '-');
        Int128 value = 0;
        var (radix, body) = digits.StartsWith("0x", StringComparison.Ordinal) ? (16, digits[2..])
            : digits.StartsWith("0o", StringComparison.Ordinal) ? (8, digits[2..])
            : (10, digits);
        try
        {
            foreach (var c in body)
            {
                value = checked((value * radix) + System.Convert.ToInt32(c.ToString(), 16));
            }
        }
        catch (OverflowException)
        {
            return new UntypedScalar(text, Plain: false); // too large for any integer field; binding will say so
        }

        return new UntypedScalar((negative ? -value : value).ToString(CultureInfo.InvariantCulture), Plain: true);
    }

    private static UntypedScalar CanonicalFloat(string text)
    {
        if (JsonNumber().IsMatch(text))
        {
            return new UntypedScalar(text, Plain: true);
        }

        var number = double.Parse(text.Replace("+", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(number)
            ? new UntypedScalar(number.ToString("R", CultureInfo.InvariantCulture), Plain: true)
            : new UntypedScalar(text, Plain: false); // .inf and .nan have no JSON form
    }

    [GeneratedRegex(@"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}

using System.Globalization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// <see cref="ValueMap{TKey,TValue}"/> from a mapping, keyed by string or by integer (e.g. port numbers, which
/// JSON quotes and YAML may not; both are accepted). Errors name the entry as <c>path[key]</c>. Entries whose key or
/// value could not be read are left out of the (partial) result.
/// </summary>
internal sealed class MapPlan<TKey, TValue>() : BindingPlan
    where TKey : notnull
{
    private readonly BindingPlan _values = BindingPlans.For(typeof(TValue));

    public override string Expected => "a mapping";

    public override bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value)
    {
        if (node is not YamlMapping mapping)
        {
            return Mismatch(node, path, context, out value);
        }

        DuplicateKeys.Report(mapping, path.Key, context);
        var ok = mapping.Duplicates.IsEmpty;
        var entries = new List<KeyValuePair<TKey, TValue>>(mapping.Entries.Length);
        var seen = new HashSet<TKey>();
        foreach (var entry in mapping.Entries)
        {
            var entryPath = path.Key(entry.Key.Value);
            var keyOk = TryParseKey(entry.Key.Value, out var key);
            if (!keyOk)
            {
                context.Add(entryPath, $"invalid key \"{entry.Key.Value}\": expected an integer");
            }
            else if (!seen.Add(key!))
            {
                context.Add(entryPath, $"duplicate key \"{entry.Key.Value}\" at line {entry.Key.Line}: another key has the same value {key}");
                keyOk = false;
            }

            ok &= _values.TryBind(entry.Value, entryPath, context, out var item) && keyOk;
            if (keyOk && item is not null)
            {
                entries.Add(new KeyValuePair<TKey, TValue>(key!, (TValue)item));
            }
        }

        value = new ValueMap<TKey, TValue>(entries);
        return ok;
    }

    private static bool TryParseKey(string text, out TKey? key)
    {
        if (typeof(TKey) == typeof(string))
        {
            key = (TKey)(object)text;
            return true;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            key = (TKey)(object)number;
            return true;
        }

        key = default;
        return false;
    }
}

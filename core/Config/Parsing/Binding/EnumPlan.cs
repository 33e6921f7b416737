using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// Enums spelt as Istio spells them: the member name in UPPER_SNAKE (<c>RoundRobin</c> is <c>ROUND_ROBIN</c>), or
/// the name its <see cref="JsonStringEnumMemberNameAttribute"/> gives, the same spelling <c>MeshJson</c> writes.
/// </summary>
internal sealed class EnumPlan : BindingPlan
{
    private readonly FrozenDictionary<string, object> _values;
    private readonly string[] _names;

    public EnumPlan([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] Type enumType)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var names = new List<string>();
        var members = new List<object>();
        foreach (var field in enumType.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var name = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? JsonNamingPolicy.SnakeCaseUpper.ConvertName(field.Name);
            var member = field.GetValue(null)!;
            values[name] = member;
            names.Add(name);
            members.Add(member);
        }

        if (enumType.GetCustomAttribute<Model.Mixer.ProtoEnumAttribute>() is not null)
        {
            // An enum's values are its public static fields: the same set Enum.GetValues gives, without an array of
            // the enum type created at run time (which needs dynamic code). Equal numbers are equal values, so the
            // order of TryAdd does not matter.
            foreach (var value in members)
            {
                values.TryAdd(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture), value);
            }
        }

        _values = values.ToFrozenDictionary(StringComparer.Ordinal);
        _names = [.. names];
    }

    public override string Expected => $"one of {string.Join(", ", _names)}";

    public override bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value)
    {
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            return Mismatch(node, path, context, out value);
        }

        if (_values.TryGetValue(scalar.Value, out value))
        {
            return true;
        }

        context.Add(path, $"invalid value \"{scalar.Value}\": expected one of {string.Join(", ", _names)}{SpellingHint.Suffix(scalar.Value, _names)}");
        return false;
    }
}

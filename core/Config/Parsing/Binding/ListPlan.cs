using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// <see cref="ValueList{T}"/> from a sequence; every item is bound so every bad one is reported. An item that could not
/// be read is replaced by the item plan's placeholder, so every other item keeps its index.
/// </summary>
internal sealed class ListPlan<T>() : BindingPlan
{
    private readonly BindingPlan _items = BindingPlans.For(typeof(T));

    public override string Expected => "a list";

    public override bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value)
    {
        if (node is not YamlSequence sequence)
        {
            return Mismatch(node, path, context, out value);
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        var items = ImmutableArray.CreateBuilder<T>(sequence.Items.Length);
        var ok = true;
        for (var i = 0; i < sequence.Items.Length; i++)
        {
            ok &= _items.TryBind(sequence.Items[i], path.Index(i), context, out var item);
            items.Add((T)(item ?? _items.Placeholder ?? default(T))!);
        }

        value = new ValueList<T>(items.MoveToImmutable());
        return ok;
    }
}

using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>Reports each repeated key of a mapping at the path the key names, with the lines of both uses.</summary>
internal static class DuplicateKeys
{
    public static void Report(YamlMapping mapping, Func<string, FieldPath> pathOf, BindingContext context)
    {
        foreach (var duplicate in mapping.Duplicates)
        {
            var key = duplicate.Key.Value;
            var first = mapping.Entries.FirstOrDefault(e => e.Key.Value == key).Key;
            var firstLine = first is null ? "" : $" (first set at line {first.Line})";
            context.AddKeyError(pathOf(key), $"duplicate key \"{key}\" at line {duplicate.Key.Line}{firstLine}");
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>The value bound from a document, or default when there were errors.</summary>
internal sealed record BindResult<T>(T? Value, IReadOnlyList<FieldError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Binds the first document of a YAML text onto any type that follows the config model's conventions, with the
/// same reader, limits and error paths as <see cref="ConfigParser"/> (which adds the resource envelope on top).
/// </summary>
internal static class YamlBinder
{
    [RequiresUnreferencedCode("Binds any type, while a trimmed build keeps the members of the config model only (core's ILLink.Descriptors.xml).")]
    public static BindResult<T> Bind<T>(string text, ParseLimits? limits = null)
    {
        var read = YamlTreeReader.Read(text, limits ?? ParseLimits.Default);
        if (read.Errors.Count > 0)
        {
            return new BindResult<T>(default, [.. read.Errors.Select(e => new FieldError("", e.Message))]);
        }

        if (read.Documents.Count == 0)
        {
            return new BindResult<T>(default, [new FieldError("", "the document is empty")]);
        }

        var context = new BindingContext();
        var ok = BindingPlans.For(typeof(T)).TryBind(read.Documents[0].Root, FieldPath.Root, context, out var value);
        return ok && !context.HasErrors ? new BindResult<T>((T?)value, []) : new BindResult<T>(default, context.Errors);
    }
}

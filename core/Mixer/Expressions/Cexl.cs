using GatewayMesh.Core.Mixer.Expressions.Syntax;

namespace GatewayMesh.Core.Mixer.Expressions;

/// <summary>
/// Mixer's expression language (CEXL): parse, type-check and compile in one call. Used by validation (the registry
/// and <c>meshctl validate</c>) and by the proxies when they apply config, so what validates is exactly what runs.
/// Never throws for bad input; the error reads like Mixer's.
/// </summary>
public static class Cexl
{
    /// <summary>Compiles <paramref name="source"/>; null and the reason when it does not parse or type-check.</summary>
    public static CexlExpression? Compile(string source, out string? error, FixedAttributes? fixedAttributes = null, CexlLimits? limits = null)
    {
        var tree = CexlParser.Parse(source, out error, limits);
        if (tree is null)
        {
            return null;
        }

        var compiler = new CexlCompiler(fixedAttributes ?? FixedAttributes.None);
        try
        {
            var compiled = compiler.Compile(tree);
            return new CexlExpression(source, compiled.Type, compiled.Eval, compiler.References);
        }
        catch (CexlTypeException ex)
        {
            error = $"expression '{Excerpt(source)}': {ex.Message}";
            return null;
        }
        catch (InsufficientExecutionStackException)
        {
            error = $"expression '{Excerpt(source)}' nests too deeply";
            return null;
        }
    }

    /// <summary>Compiles and requires the result type, with Mixer's message when it differs.</summary>
    public static CexlExpression? Compile(string source, CexlType expected, out string? error, FixedAttributes? fixedAttributes = null)
    {
        var expression = Compile(source, out error, fixedAttributes);
        if (expression is not null && expression.Type != expected)
        {
            error = $"expression '{Excerpt(source)}' evaluated to type {CexlTypes.Name(expression.Type)}, expected type {CexlTypes.Name(expected)}";
            return null;
        }

        return expression;
    }

    private static string Excerpt(string source) => source.Length <= 200 ? source : source[..200] + "...";
}

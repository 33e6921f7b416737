using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Policy.Checks;

/// <summary>A rule's request and response header operations, applied when the rule matches (Mixer's <c>requestHeaderOperations</c>).</summary>
public sealed class RuleHeaderOperations(CheckRule rule, IReadOnlyList<HeaderEdit> request, IReadOnlyList<HeaderEdit> response)
{
    public CheckRule Rule { get; } = rule;

    public void Apply(IAttributeBag bag, HttpContext context)
    {
        foreach (var edit in request)
        {
            edit.Apply(bag, context.Request.Headers);
        }

        foreach (var edit in response)
        {
            edit.Apply(bag, context.Response.Headers);
        }
    }
}

/// <summary>One header edit: REPLACE, APPEND or REMOVE, with values that are STRING expressions (undefined ones are left out).</summary>
public sealed class HeaderEdit(string name, IReadOnlyList<CexlExpression> values, HeaderOperation operation)
{
    public void Apply(IAttributeBag bag, IHeaderDictionary headers)
    {
        if (operation == HeaderOperation.Remove)
        {
            headers.Remove(name);
            return;
        }

        var texts = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (value.TryEvalString(bag, out var text))
            {
                texts.Add(text);
            }
        }

        if (texts.Count == 0)
        {
            return;
        }

        headers[name] = operation == HeaderOperation.Append && headers.TryGetValue(name, out var existing)
            ? Microsoft.Extensions.Primitives.StringValues.Concat(existing, texts.ToArray())
            : new Microsoft.Extensions.Primitives.StringValues(texts.ToArray());
    }
}

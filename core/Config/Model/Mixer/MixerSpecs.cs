using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model.Mixer;

/// <summary>
/// Mixer's generic <c>handler</c> (<c>policy.v1beta1.Handler</c>): an adapter compiled into the proxy, named by
/// <see cref="CompiledAdapter"/>, configured by <see cref="Params"/> in that adapter's shape. <see cref="Adapter"/> and
/// <see cref="Connection"/> name an out-of-process adapter, which this mesh refuses with a clear error.
/// </summary>
[ProtoJsonNames]
public sealed record HandlerSpec
{
    public string? CompiledAdapter { get; init; }

    public string? Adapter { get; init; }

    public UntypedValue? Params { get; init; }

    public UntypedValue? Connection { get; init; }
}

/// <summary>
/// Mixer's generic <c>instance</c> (<c>policy.v1beta1.Instance</c>): a template compiled into the proxy, named by
/// <see cref="CompiledTemplate"/>, whose <see cref="Params"/> map the template's fields to expressions.
/// </summary>
[ProtoJsonNames]
public sealed record InstanceSpec
{
    public string? CompiledTemplate { get; init; }

    public string? Template { get; init; }

    public UntypedValue? Params { get; init; }

    public ValueMap<string, string> AttributeBindings { get; init; }
}

/// <summary>
/// Mixer's <c>rule</c> (<c>policy.v1beta1.Rule</c>): when <see cref="Match"/> (a CEXL expression, empty = always) holds
/// for a call, each action sends its instances to its handler.
/// </summary>
[ProtoJsonNames]
public sealed record RuleSpec
{
    public string? Match { get; init; }

    public ValueList<RuleAction> Actions { get; init; }

    public ValueList<HeaderOperationTemplate> RequestHeaderOperations { get; init; }

    public ValueList<HeaderOperationTemplate> ResponseHeaderOperations { get; init; }

    public UntypedValue? Sampling { get; init; }
}

/// <summary>One action of a rule: a handler and the instances it receives, by Mixer name.</summary>
[ProtoJsonNames]
public sealed record RuleAction
{
    public string? Handler { get; init; }

    public ValueList<string> Instances { get; init; }

    public string? Name { get; init; }
}

/// <summary>A header edit a rule makes when it matches; <see cref="Values"/> are expressions.</summary>
[ProtoJsonNames]
public sealed record HeaderOperationTemplate
{
    public string? Name { get; init; }

    public ValueList<string> Values { get; init; }

    public HeaderOperation? Operation { get; init; }
}

/// <summary><c>HeaderOperationTemplate.Operation</c>.</summary>
[ProtoEnum]
[JsonConverter(typeof(MeshEnumConverter<HeaderOperation>))]
public enum HeaderOperation
{
    Replace = 0,
    Remove = 1,
    Append = 2,
}

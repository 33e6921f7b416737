using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Blocks.ConfigStore;

/// <summary>What a put did; the words match the registry API's <c>action</c> field.</summary>
[JsonConverter(typeof(MeshEnumConverter<ConfigPutOutcome>))]
public enum ConfigPutOutcome
{
    /// <summary>The resource did not exist and was written at a new revision.</summary>
    Created,

    /// <summary>The resource existed with other content and was written at a new revision.</summary>
    Configured,

    /// <summary>The stored resource already had this content: no new revision, no notice.</summary>
    Unchanged,
}

/// <summary>The stored resource after a put, with what the put did.</summary>
public sealed record ConfigPutResult(ConfigResource Resource, ConfigPutOutcome Outcome);

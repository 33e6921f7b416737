namespace GatewayMesh.Core.Config.Model.Mixer;

/// <summary>
/// Marks a type bound as protobuf JSON reads it: each field is also accepted under its proto name in snake_case
/// (<c>label_names</c> for <c>labelNames</c>), as Istio's Mixer configs were written both ways.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ProtoJsonNamesAttribute : Attribute;

/// <summary>Marks a protobuf enum: its members are also accepted as their numbers (<c>1</c> for <c>WARNING</c>), as protobuf JSON reads them.</summary>
[AttributeUsage(AttributeTargets.Enum, Inherited = false)]
public sealed class ProtoEnumAttribute : Attribute;

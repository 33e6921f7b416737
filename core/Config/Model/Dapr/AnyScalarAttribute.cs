namespace GatewayMesh.Core.Config.Model.Dapr;

/// <summary>
/// Marks a string field that takes any YAML scalar as its text (<c>6379</c>, <c>true</c>, <c>"x"</c>), as Dapr's
/// metadata values do; the binder otherwise asks to quote numbers and booleans.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AnyScalarAttribute : Attribute;

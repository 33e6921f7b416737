namespace GatewayMesh.Core.Mixer.Expressions;

/// <summary>The value types of Mixer's expression language (<c>policy.v1beta1.ValueType</c>), as far as the mesh uses them.</summary>
public enum CexlType
{
    /// <summary>Not known yet: the type of <c>a | b</c> comes from its operands.</summary>
    Unspecified = 0,
    String,
    Int64,
    Double,
    Bool,
    Timestamp,
    IpAddress,
    Duration,
    StringMap,
}

/// <summary>How types are spelled in messages: as Mixer spelled them.</summary>
public static class CexlTypes
{
    public static string Name(CexlType type) => type switch
    {
        CexlType.String => "STRING",
        CexlType.Int64 => "INT64",
        CexlType.Double => "DOUBLE",
        CexlType.Bool => "BOOL",
        CexlType.Timestamp => "TIMESTAMP",
        CexlType.IpAddress => "IP_ADDRESS",
        CexlType.Duration => "DURATION",
        CexlType.StringMap => "STRING_MAP",
        _ => "VALUE_TYPE_UNSPECIFIED",
    };
}

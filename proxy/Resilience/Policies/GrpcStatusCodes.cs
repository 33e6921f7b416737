namespace GatewayMesh.Proxy.Resilience;

/// <summary>gRPC status codes by their canonical names, as Istio's <c>fault.abort.grpcStatus</c> writes them.</summary>
public static class GrpcStatusCodes
{
    public const int Cancelled = 1;
    public const int DeadlineExceeded = 4;
    public const int ResourceExhausted = 8;
    public const int Internal = 13;
    public const int Unavailable = 14;

    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>The code of a name (<c>UNAVAILABLE</c> is 14), or null for an unknown name.</summary>
    public static int? FromName(string name)
    {
        var index = Array.IndexOf(Names, name.Trim().ToUpperInvariant());
        return index < 0 ? null : index;
    }
}

namespace GatewayMesh.Proxy.Policy.Checks;

/// <summary>gRPC status codes as Mixer returned them, and the HTTP status Istio's proxies answered with.</summary>
public static class GrpcStatus
{
    public const int Ok = 0;
    public const int InvalidArgument = 3;
    public const int NotFound = 5;
    public const int PermissionDenied = 7;
    public const int ResourceExhausted = 8;
    public const int Unavailable = 14;

    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>Istio's map: 7→403, 16→401, 8→429, 5→404, 4→504, 14→503, any other → 500.</summary>
    public static int ToHttp(int code) => code switch
    {
        PermissionDenied => 403,
        16 => 401,
        ResourceExhausted => 429,
        NotFound => 404,
        4 => 504,
        Unavailable => 503,
        _ => 500,
    };

    public static string Name(int code) => code is >= 0 and < 17 ? Names[code] : "UNKNOWN";
}

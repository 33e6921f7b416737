using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>
/// One edge of the service graph as a metric series key: reporter, both workloads, the service, principals, protocol,
/// code, flags and security, plus the values of any Telemetry tag overrides. Workloads, services and the override
/// shape are interned objects compared by reference; hashing reads a few fields, never a whole string.
/// </summary>
public readonly struct EdgeKey : IEquatable<EdgeKey>
{
    public EdgeKey(in MetricRecord record, TagShape? shape, string[]? overrideValues)
    {
        Reporter = record.Reporter;
        Source = record.Source;
        Destination = record.Destination;
        Service = record.Service;
        SourcePrincipal = record.SourcePrincipal;
        DestinationPrincipal = record.DestinationPrincipal;
        Protocol = record.Protocol;
        Security = record.Security;
        ResponseCode = record.Protocol == RequestProtocol.Tcp ? 0 : record.ResponseCode;
        GrpcStatus = record.Protocol == RequestProtocol.Grpc ? record.GrpcStatus : -1;
        Flags = record.Flags;
        Shape = shape;
        OverrideValues = overrideValues;
    }

    public Reporter Reporter { get; }
    public WorkloadInfo Source { get; }
    public WorkloadInfo Destination { get; }
    public ServiceInfo Service { get; }
    public string? SourcePrincipal { get; }
    public string? DestinationPrincipal { get; }
    public RequestProtocol Protocol { get; }
    public ConnectionSecurity Security { get; }
    public int ResponseCode { get; }
    public int GrpcStatus { get; }
    public ResponseFlags Flags { get; }
    public TagShape? Shape { get; }
    public string[]? OverrideValues { get; }

    public bool Equals(EdgeKey other) =>
        Reporter == other.Reporter
        && ResponseCode == other.ResponseCode
        && Flags == other.Flags
        && ReferenceEquals(Service, other.Service)
        && ReferenceEquals(Source, other.Source)
        && ReferenceEquals(Destination, other.Destination)
        && Protocol == other.Protocol
        && Security == other.Security
        && GrpcStatus == other.GrpcStatus
        && string.Equals(SourcePrincipal, other.SourcePrincipal, StringComparison.Ordinal)
        && string.Equals(DestinationPrincipal, other.DestinationPrincipal, StringComparison.Ordinal)
        && ReferenceEquals(Shape, other.Shape)
        && SameValues(OverrideValues, other.OverrideValues);

    public override bool Equals(object? obj) => obj is EdgeKey other && Equals(other);

    public static bool operator ==(EdgeKey left, EdgeKey right) => left.Equals(right);

    public static bool operator !=(EdgeKey left, EdgeKey right) => !left.Equals(right);

    public override int GetHashCode() => HashCode.Combine(
        System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Source),
        System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Destination),
        System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Service),
        ResponseCode,
        (int)Flags,
        ((int)Reporter << 16) | ((int)Protocol << 8) | (int)Security,
        SourcePrincipal?.Length ?? 0,
        DestinationPrincipal?.Length ?? 0);

    private static bool SameValues(string[]? a, string[]? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

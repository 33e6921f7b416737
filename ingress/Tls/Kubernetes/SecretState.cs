namespace GatewayMesh.Ingress.Tls.Kubernetes;

/// <summary>What the ingress knows of one followed Secret. The data is held only here and never logged.</summary>
internal abstract record SecretState
{
    private SecretState()
    {
    }

    /// <summary>Its first list is under way.</summary>
    public sealed record Pending : SecretState;

    /// <summary>The API server holds no such Secret (never created, or deleted).</summary>
    public sealed record Missing : SecretState;

    /// <summary>Reading it failed (e.g. 403: the ServiceAccount may not read it); <see cref="Reason"/> holds no Secret data.</summary>
    public sealed record Unreadable(string Reason) : SecretState;

    public sealed record Found(IReadOnlyDictionary<string, byte[]> Data, string? ResourceVersion) : SecretState;
}

using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>A certificate source a test controls: <see cref="Swap"/> replaces the certificate as a rotation would.</summary>
public sealed class SwappableCertificateSource(SpiffeId identity, WorkloadCertificate? initial) : IWorkloadCertificateSource
{
    private volatile WorkloadCertificate? _current = initial;
    private CancellationTokenSource _changed = new();

    public SpiffeId Identity => identity;

    public WorkloadCertificate? Current => _current;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

    public void Swap(WorkloadCertificate? next)
    {
        _current = next;
        Interlocked.Exchange(ref _changed, new CancellationTokenSource()).Cancel();
    }
}

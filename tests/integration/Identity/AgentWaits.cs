using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.IntegrationTests.Identity;

/// <summary>Waits on the agent's own signals (change token, scheduling hook), never by polling.</summary>
internal static class AgentWaits
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The first certificate other than <paramref name="notThis"/> (null: any), waiting on the change token.</summary>
    public static async Task<WorkloadCertificate> NextCertificateAsync(IWorkloadCertificateSource source, WorkloadCertificate? notThis = null)
    {
        while (true)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = source.GetChangeToken().RegisterChangeCallback(_ => changed.TrySetResult(), null);
            if (source.Current is { } current && !ReferenceEquals(current, notThis))
            {
                return current;
            }

            try
            {
                await changed.Task.WaitAsync(Timeout);
            }
            catch (TimeoutException) when (source is CertificateAgent agent)
            {
                throw new TimeoutException($"no new certificate within {Timeout}; agent status: {agent.Status}");
            }
        }
    }
}

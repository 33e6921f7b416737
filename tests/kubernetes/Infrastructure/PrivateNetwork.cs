namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>
/// The Kubernetes tests run only inside a private network namespace (tests/kubernetes/run.sh: <c>unshare --net</c>, then
/// <c>ip link set lo up</c>), so that nothing the API server dials (a webhook's Service, say) can leave the machine.
/// </summary>
internal static class PrivateNetwork
{
    public static void Require()
    {
        // /proc/self/net/dev lists this process's network namespace (sysfs would still show the host's).
        var interfaces = File.ReadAllLines("/proc/self/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim()).ToList();
        if (interfaces.Count != 1 || interfaces[0] != "lo")
        {
            throw new InvalidOperationException(
                $"the Kubernetes tests must run in a private network namespace (found interfaces: {string.Join(", ", interfaces)}); run them with tests/kubernetes/run.sh, as ./test.sh does");
        }
    }
}

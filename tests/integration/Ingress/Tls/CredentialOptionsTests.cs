using GatewayMesh.Ingress.Hosting;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ingress.Tls;

/// <summary>Where credentialNames resolve is one choice: a folder or Kubernetes Secrets; contradictions are refused at start.</summary>
public sealed class CredentialOptionsTests
{
    [Fact]
    public void Create_FolderAndSecretsNamespace_RefusedNamingBoth()
    {
        var error = Assert.Throws<GatewayMesh.Core.Hosting.InvalidSettingsException>(() => IngressApp.Create(
            ["--redis", "127.0.0.1:1", "--credentials-dir", Path.GetTempPath(), "--credentials-secrets-namespace", "istio-system"]));
        Assert.Contains("--credentials-dir and --credentials-secrets-namespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_KubeconfigWithoutSecretsNamespace_Refused()
    {
        var error = Assert.Throws<GatewayMesh.Core.Hosting.InvalidSettingsException>(() => IngressApp.Create(["--redis", "127.0.0.1:1", "--kubeconfig", "/nonexistent/kubeconfig"]));
        Assert.Contains("--kubeconfig", error.Message, StringComparison.Ordinal);
    }
}

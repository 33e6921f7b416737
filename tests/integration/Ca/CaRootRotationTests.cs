using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Ca.Authority;
using GatewayMesh.Ca.Rotation;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ca;

public sealed class CaRootRotationTests
{
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task RotateRoot_PrepareActivateRetire_OldCertsVerifyUntilRetiredAndNewOnesChainToNewRoot()
    {
        await using var ca = await CaTestHost.StartAsync(null, null, "--reload-interval", "5s");
        using var client = ca.CreateClient();
        using var workload = new Workload();
        var oldRoot = ca.Authority.Current.Root;
        var before = await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr()));
        using var oldLeaf = Workload.Leaf(before);

        // prepare: the new root joins the bundle; the old one still signs.
        var prepared = RootRotation.Prepare(ca.Directory, "cluster.local", ca.Time);
        ca.Time.Advance(ReloadInterval);
        var bundle = await ReadBundleAsync(client);
        Assert.Equal(2, bundle.Count);
        Assert.True(CaTestHost.Verifies(oldLeaf, bundle, ca.Time.GetUtcNow()));
        var duringPrepare = await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr()));
        using (var leaf = Workload.Leaf(duringPrepare))
        {
            Assert.Equal(oldRoot.SubjectName.Name, leaf.IssuerName.Name);
            Assert.Equal(2, duringPrepare.TrustBundle.Count);
        }

        // activate: the new root signs; certificates from the old one still verify against the served bundle.
        var activated = RootRotation.Activate(ca.Directory, TimeSpan.FromHours(24), ca.Time);
        Assert.Equal(prepared, activated.Active);
        Assert.False(File.Exists(ca.Directory.RootKeyFile(activated.Previous!)));
        ca.Time.Advance(ReloadInterval);
        var afterActivate = await Workload.ReadSignResponseAsync(await ca.SignAsync(ca.MintToken(workload.Identity), workload.Csr()));
        using var newLeaf = Workload.Leaf(afterActivate);
        bundle = await ReadBundleAsync(client);
        Assert.NotEqual(oldRoot.SubjectName.Name, newLeaf.IssuerName.Name);
        Assert.Equal(ca.Authority.Current.Root.SubjectName.Name, newLeaf.IssuerName.Name);
        Assert.True(CaTestHost.Verifies(newLeaf, bundle, ca.Time.GetUtcNow()));
        Assert.True(CaTestHost.Verifies(oldLeaf, bundle, ca.Time.GetUtcNow()));
        Assert.False(CaTestHost.Verifies(newLeaf, [oldRoot], ca.Time.GetUtcNow()));

        // retire is refused while old certificates may still be valid, unless forced.
        Assert.Throws<RotationException>(() => RootRotation.Retire(ca.Directory, ca.Time, force: false));
        RootRotation.Retire(ca.Directory, ca.Time, force: true);
        ca.Time.Advance(ReloadInterval);
        bundle = await ReadBundleAsync(client);
        Assert.Single(bundle);
        Assert.False(CaTestHost.Verifies(oldLeaf, bundle, ca.Time.GetUtcNow()));
        Assert.True(CaTestHost.Verifies(newLeaf, bundle, ca.Time.GetUtcNow()));
        Assert.Equal(File.ReadAllText(ca.Directory.TrustBundleFile), ca.Authority.Current.TrustBundlePem);
    }

    [Fact]
    public async Task RotateRoot_RetireAfterMaxTtl_AllowedWithoutForce()
    {
        await using var ca = await CaTestHost.StartAsync();
        RootRotation.Prepare(ca.Directory, "cluster.local", ca.Time);
        var activated = RootRotation.Activate(ca.Directory, TimeSpan.FromHours(1), ca.Time);

        ca.Time.Advance(TimeSpan.FromHours(1) + RootRotation.RetireSkew);
        var retired = RootRotation.Retire(ca.Directory, ca.Time, force: false);

        Assert.Equal(activated.Previous, retired);
        Assert.Equal([activated.Active], RootSet.Read(ca.Directory).Trusted);
    }

    [Fact]
    public async Task RotateRootCommand_StepsOutOfOrder_ExitOneWithNextStep()
    {
        await using var ca = await CaTestHost.StartAsync();
        var output = new StringWriter();
        var error = new StringWriter();

        var code = RotateRootCommand.Run(["activate", "--dir", ca.Dir], output, error, ca.Time);

        Assert.Equal(1, code);
        Assert.Contains("rotate-root prepare", error.ToString());
        Assert.Equal(0, RotateRootCommand.Run(["prepare", "--dir", ca.Dir], output, error, ca.Time));
        Assert.Equal(1, RotateRootCommand.Run(["prepare", "--dir", ca.Dir], output, error, ca.Time));
        Assert.Equal(2, RotateRootCommand.Run(["rollback", "--dir", ca.Dir], output, error, ca.Time));
    }

    private static async Task<X509Certificate2Collection> ReadBundleAsync(HttpClient client)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(await client.GetStringAsync(GatewayMesh.Core.Identity.CaApi.TrustBundlePath));
        return bundle;
    }
}

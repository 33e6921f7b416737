using System.Text.Json;
using GatewayMesh.Cli.Commands;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

public class InstanceLeaseTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2025-01-01T12:00:07Z", "7s")]
    [InlineData("2025-01-01T12:00:06.200Z", "7s")]
    [InlineData("2025-01-01T12:00:00Z", "expired")]
    [InlineData("2025-01-01T11:59:00Z", "expired")]
    public void LeaseLeft_ExpiresAt_ShowsWholeSecondsLeft(string expiresAt, string expected)
    {
        using var doc = JsonDocument.Parse($$"""{"expiresAt":"{{expiresAt}}"}""");

        Assert.Equal(expected, InstancesCommand.LeaseLeft(doc.RootElement, Now));
    }

    [Fact]
    public void LeaseLeft_NoExpiry_ShowsNone()
    {
        using var doc = JsonDocument.Parse("{}");

        Assert.Equal("<none>", InstancesCommand.LeaseLeft(doc.RootElement, Now));
    }
}

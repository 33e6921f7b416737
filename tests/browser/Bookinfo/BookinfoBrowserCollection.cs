using Xunit;

namespace GatewayMesh.BrowserTests.Bookinfo;

/// <summary>
/// The browser test classes share one Bookinfo mesh and one Chromium, and run one after the other: a second full mesh
/// beside the first would double the suite's start-up and load. A test that needs a routing state applies it; one
/// that injects a fault for everyone restores all-v1 routing afterwards.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BookinfoBrowserCollection : ICollectionFixture<BookinfoMeshFixture>
{
    public const string Name = "bookinfo browser mesh";
}

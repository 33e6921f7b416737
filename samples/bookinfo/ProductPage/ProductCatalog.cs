using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.ProductPage;

/// <summary>The one book the sample sells.</summary>
public static class ProductCatalog
{
    public static readonly IReadOnlyList<Product> Products =
    [
        new(0, "The Comedy of Errors",
            "<a href=\"https://en.wikipedia.org/wiki/The_Comedy_of_Errors\">Wikipedia Summary</a>: "
            + "Shakespeare's shortest comedy. Two sets of identical twins, separated at birth, land in the same city "
            + "on the same day, and every meeting goes wrong in a new way until the family is finally reunited."),
    ];

    public static Product? Find(int id) => Products.FirstOrDefault(p => p.Id == id);
}

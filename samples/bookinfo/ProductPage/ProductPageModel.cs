using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.ProductPage;

/// <summary>Everything the product page shows; null details or reviews mean that service was unavailable.</summary>
public sealed record ProductPageModel(Product Product, string? User, BookDetails? Details, BookReviews? Reviews, long? ReviewViews = null);

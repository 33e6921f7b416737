namespace GatewayMesh.Samples.Bookinfo.Shared;

/// <summary>The Bookinfo services (Istio's four, and stats) and the port they listen on inside the mesh.</summary>
public static class BookinfoServices
{
    public const string ProductPage = "productpage";
    public const string Details = "details";
    public const string Reviews = "reviews";
    public const string Ratings = "ratings";
    public const string Stats = "stats";

    /// <summary>Every Bookinfo service listens on this port, and calls the others on it.</summary>
    public const int Port = 9080;

    public static readonly IReadOnlyList<string> All = [ProductPage, Details, Reviews, Ratings, Stats];

    /// <summary>The plain in-mesh URL of a service, e.g. <c>http://reviews:9080/</c>; the sidecar resolves the name.</summary>
    public static Uri MeshUrl(string service) => new($"http://{service}:{Port}/");
}

using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.Ratings;

/// <summary>ratings v1: fixed stars from the two sample reviewers, for any product id.</summary>
public static class RatingsEndpoints
{
    public static void MapRatings(this WebApplication app) =>
        app.MapGet("/ratings/{id:int}", (int id) => Results.Ok(new BookRatings(id, SampleRatings)));

    public static readonly IReadOnlyDictionary<string, int> SampleRatings = new Dictionary<string, int>
    {
        ["Reviewer1"] = 5,
        ["Reviewer2"] = 4,
    };
}

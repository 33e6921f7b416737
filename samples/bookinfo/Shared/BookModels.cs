using System.Text.Json.Serialization;

namespace GatewayMesh.Samples.Bookinfo.Shared;

/// <summary>The details service's answer.</summary>
public sealed record BookDetails(
    int Id,
    string Author,
    int Year,
    string Type,
    int Pages,
    string Publisher,
    string Language,
    [property: JsonPropertyName("ISBN-10")] string Isbn10,
    [property: JsonPropertyName("ISBN-13")] string Isbn13);

/// <summary>The ratings service's answer: stars per reviewer.</summary>
public sealed record BookRatings(int Id, IReadOnlyDictionary<string, int> Ratings);

/// <summary>The reviews service's answer; <c>podname</c> names the replica that served it.</summary>
public sealed record BookReviews(
    string Id,
    [property: JsonPropertyName("podname")] string PodName,
    [property: JsonPropertyName("clustername")] string ClusterName,
    IReadOnlyList<Review> Reviews);

public sealed record Review(string Reviewer, string Text, ReviewRating? Rating = null);

/// <summary>Either stars and a color, or an error when ratings could not be reached.</summary>
public sealed record ReviewRating(int? Stars = null, string? Color = null, string? Error = null);

/// <summary>One entry of productpage's product list.</summary>
public sealed record Product(int Id, string Title, string DescriptionHtml);

/// <summary>The body of every non-HTML error answer.</summary>
public sealed record ErrorBody(string Error);

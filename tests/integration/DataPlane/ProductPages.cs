using System.Text.RegularExpressions;

namespace GatewayMesh.IntegrationTests.DataPlane;

/// <summary>Reads what a Bookinfo page or reviews answer says about who served it.</summary>
internal static partial class ProductPages
{
    public const string ReviewsUnavailable = "Sorry, product reviews are currently unavailable for this book.";

    /// <summary>What reviews v2/v3 show in place of a review's stars when their call to ratings failed.</summary>
    public const string RatingsUnavailable = "Ratings service is currently unavailable";

    /// <summary>The reviews version named by the page's "Reviews served by: reviews-vN-&lt;instance&gt;" line, or null.</summary>
    public static string? ReviewsVersion(string page) =>
        ServedBy().Match(page) is { Success: true } match ? match.Groups["version"].Value : null;

    /// <summary>The version in a reviews JSON answer's <c>podname</c> (<c>reviews-v1-...</c>), or null.</summary>
    public static string? PodVersion(string reviewsJson) =>
        PodName().Match(reviewsJson) is { Success: true } match ? match.Groups["version"].Value : null;

    /// <summary>The page's served-by line and notices (or its first 200 characters), for failure messages.</summary>
    public static string Summary(string page)
    {
        var lines = Notable().Matches(page).Select(m => m.Value).ToList();
        return lines.Count > 0 ? string.Join(" | ", lines) : page[..Math.Min(page.Length, 200)];
    }

    [GeneratedRegex("Reviews served by: [^<]*|Sorry, [^<]*|Ratings service [^<]*")]
    private static partial Regex Notable();

    [GeneratedRegex("Reviews served by: reviews-(?<version>v[0-9]+)-")]
    private static partial Regex ServedBy();

    [GeneratedRegex("\"podname\"\\s*:\\s*\"reviews-(?<version>v[0-9]+)-")]
    private static partial Regex PodName();
}

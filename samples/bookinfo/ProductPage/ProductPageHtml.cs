using System.Text;
using System.Text.Encodings.Web;
using GatewayMesh.Samples.Bookinfo.Reviews;
using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.ProductPage;

/// <summary>Renders productpage's HTML. Every value that came from a user or another service is HTML-encoded.</summary>
public static class ProductPageHtml
{
    public const string DetailsUnavailable = "Sorry, product details are currently unavailable for this book.";
    public const string ReviewsUnavailable = "Sorry, product reviews are currently unavailable for this book.";
    public const int MaxStars = 5;

    public static string Render(ProductPageModel page)
    {
        var html = new StringBuilder();
        Open(html, "Simple Bookstore App", page.User);
        html.Append("<section class=\"summary\"><h1>").Append(E(page.Product.Title)).Append("</h1><p>")
            .Append(page.Product.DescriptionHtml).Append("</p></section>\n<div class=\"columns\">\n");
        RenderDetails(html, page.Details);
        RenderReviews(html, page.Reviews, page.ReviewViews);
        html.Append("</div>\n");
        return Close(html);
    }

    public static string LoginForm()
    {
        var html = new StringBuilder();
        Open(html, "Sign in", user: null);
        html.Append("""
            <section class="summary"><h1>Sign in</h1>
            <form class="login" method="post" action="/login">
            <label>User name <input type="text" name="username" maxlength="64" required autofocus></label>
            <label>Password <input type="password" name="passwd"></label>
            <button class="button" type="submit">Sign in</button>
            </form></section>
            """);
        return Close(html);
    }

    private static void RenderDetails(StringBuilder html, BookDetails? details)
    {
        html.Append("<section class=\"column\"><h2>Book Details</h2>\n");
        if (details is null)
        {
            html.Append("<p class=\"notice\">").Append(DetailsUnavailable).Append("</p>");
        }
        else
        {
            html.Append("<table class=\"details\">");
            Row(html, "Author", details.Author);
            Row(html, "Year", details.Year.ToString());
            Row(html, "Type", details.Type);
            Row(html, "Pages", details.Pages.ToString());
            Row(html, "Publisher", details.Publisher);
            Row(html, "Language", details.Language);
            Row(html, "ISBN-10", details.Isbn10);
            Row(html, "ISBN-13", details.Isbn13);
            html.Append("</table>");
        }

        html.Append("</section>\n");
    }

    private static void RenderReviews(StringBuilder html, BookReviews? reviews, long? reviewViews)
    {
        html.Append("<section class=\"column\"><h2>Book Reviews</h2>\n");
        if (reviews is null)
        {
            html.Append("<p class=\"notice\">").Append(ReviewsUnavailable).Append("</p>");
        }
        else
        {
            foreach (var review in reviews.Reviews)
            {
                html.Append("<blockquote><p>").Append(E(review.Text)).Append("</p><footer>").Append(E(review.Reviewer)).Append("</footer>");
                RenderRating(html, review.Rating);
                html.Append("</blockquote>\n");
            }

            html.Append("<p class=\"served-by\">Reviews served by: ").Append(E(reviews.PodName)).Append("</p>");
            if (reviewViews is { } views)
            {
                html.Append("<p class=\"review-views\">Reviews viewed ").Append(views).Append(views == 1 ? " time" : " times").Append("</p>");
            }
        }

        html.Append("</section>\n");
    }

    private static void RenderRating(StringBuilder html, ReviewRating? rating)
    {
        if (rating is null)
        {
            return;
        }

        if (rating.Stars is not { } stars)
        {
            html.Append("<p class=\"notice\">").Append(E(rating.Error ?? ReviewsEndpoints.RatingsUnavailable)).Append("</p>");
            return;
        }

        stars = Math.Clamp(stars, 0, MaxStars);
        var color = rating.Color == "red" ? "red" : "black";
        html.Append("<div class=\"stars\" title=\"").Append(stars).Append(" of ").Append(MaxStars).Append(" stars\">")
            .Append("<span class=\"star-").Append(color).Append("\">").Append('★', stars).Append("</span>")
            .Append("<span class=\"star-empty\">").Append('☆', MaxStars - stars).Append("</span></div>");
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><th>").Append(name).Append("</th><td>").Append(E(value)).Append("</td></tr>");

    private static void Open(StringBuilder html, string title, string? user)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Append(E(title)).Append("</title><style>\n").Append(PageStyles.Css).Append("</style></head>\n<body>\n")
            .Append("<header class=\"topbar\"><a class=\"brand\" href=\"/productpage\">BookInfo Sample</a><div class=\"user\">");
        if (user is null)
        {
            html.Append("<a class=\"button\" href=\"/login\">Sign in</a>");
        }
        else
        {
            html.Append("<span class=\"welcome\">Welcome, ").Append(E(user)).Append("</span>")
                .Append("<a class=\"button\" href=\"/logout\">Sign out</a>");
        }

        html.Append("</div></header>\n<main>\n");
    }

    private static string Close(StringBuilder html) => html.Append("</main>\n</body></html>\n").ToString();

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}

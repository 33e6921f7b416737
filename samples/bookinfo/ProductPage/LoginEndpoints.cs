namespace GatewayMesh.Samples.Bookinfo.ProductPage;

/// <summary>A pretend sign-in: any user name, no password check. It only sets the <c>end-user</c> cookie.</summary>
public static class LoginEndpoints
{
    public static void MapLogin(this WebApplication app)
    {
        app.MapGet("/login", () => Results.Content(ProductPageHtml.LoginForm(), "text/html; charset=utf-8"));
        app.MapPost("/login", async (HttpContext context) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
            var user = form?["username"].ToString().Trim() ?? "";
            if (user.Length == 0 || user.Length > EndUser.MaxLength)
            {
                return Results.Redirect("/login");
            }

            context.Response.Cookies.Append(EndUser.CookieName, user, new CookieOptions
            {
                Path = "/",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
            });
            return Results.Redirect("/productpage");
        });
        app.MapGet("/logout", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(EndUser.CookieName, new CookieOptions { Path = "/" });
            return Results.Redirect("/productpage");
        });
    }
}

namespace GatewayMesh.Samples.Bookinfo.ProductPage;

/// <summary>A pretend sign-in: any user name, no password check. It only sets the <c>end-user</c> and <c>user</c> cookies.</summary>
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

            var options = new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax };
            context.Response.Cookies.Append(EndUser.CookieName, user, options);
            context.Response.Cookies.Append(EndUser.IstioCookieName, user, options);
            return Results.Redirect("/productpage");
        });
        app.MapGet("/logout", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(EndUser.CookieName, new CookieOptions { Path = "/" });
            context.Response.Cookies.Delete(EndUser.IstioCookieName, new CookieOptions { Path = "/" });
            return Results.Redirect("/productpage");
        });
    }
}

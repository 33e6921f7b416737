using System.Net;
using Xunit;

namespace GatewayMesh.IntegrationTests.Bookinfo;

public sealed class LoginTests
{
    [Fact]
    public async Task PostLogin_UserName_SetsEndUserAndIstioUserCookiesAndRedirectsToProductPage()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v1");

        using var response = await mesh.Client.PostAsync(
            "/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "jason", ["passwd"] = "x" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/productpage", response.Headers.Location?.OriginalString);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Equal(2, cookies.Count);
        Assert.StartsWith("end-user=jason;", cookies[0]);
        Assert.StartsWith("user=jason;", cookies[1]);
    }

    [Fact]
    public async Task PostLogin_EmptyUserName_SetsNoCookie()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v1");

        using var response = await mesh.Client.PostAsync(
            "/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = " " }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task GetLogout_SignedIn_ClearsCookie()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v1");

        using var form = await mesh.Client.GetAsync("/login");
        using var response = await mesh.Client.GetAsync("/logout");

        Assert.Contains("name=\"username\"", await form.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Equal(2, cookies.Count);
        Assert.StartsWith("end-user=;", cookies[0]);
        Assert.StartsWith("user=;", cookies[1]);
        Assert.All(cookies, c => Assert.Contains("expires=Thu, 01 Jan 1970", c));
    }

    [Fact]
    public async Task ProductPage_SignedIn_WelcomesUser()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v1");

        var html = await mesh.GetPageAsync("jason");

        Assert.Contains("Welcome, jason", html);
        Assert.Contains("href=\"/logout\"", html);
    }

    [Fact]
    public async Task ProductPage_HostileUserName_IsHtmlEncoded()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v1");

        var html = await mesh.GetPageAsync("<script>alert('x')</script>&");

        Assert.Contains("Welcome, &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;", html);
        Assert.DoesNotContain("<script>", html);
    }
}

using System.Diagnostics;
using GatewayMesh.BrowserTests.Browser;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.BrowserTests.Bookinfo;

/// <summary>
/// Bookinfo's product page in a real browser, through the ingress of a full local mesh, while routing rules change:
/// the stars a reader sees follow the reviews version the mesh routes to, and faults injected on ratings for jason
/// (Istio's fault-injection tasks) show as the notices the apps print, while other readers are unaffected. Each state
/// is saved as a full-page screenshot.
/// </summary>
[Collection(BookinfoBrowserCollection.Name)]
public sealed class ProductPageBrowserTests(BookinfoMeshFixture mesh, ITestOutputHelper output)
{
    private const string ReviewsUnavailable = "Sorry, product reviews are currently unavailable for this book.";
    private const string RatingsUnavailable = "Ratings service is currently unavailable";

    [Fact]
    public async Task ProductPage_RoutingAndFaultRulesChange_StarsAndNoticesFollowTheMesh()
    {
        await using var context = await mesh.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        output.WriteLine($"mesh up and browser launched in {mesh.StartupTime.TotalSeconds:0.0} s");
        var elapsed = Stopwatch.StartNew();
        var tab = new ProductPageTab(await context.NewPageAsync(), mesh.ProductPage, mesh.Evidence);
        tab.Page.SetDefaultTimeout(15_000);

        // A page delayed by an injected fault takes about 6 s by design: give navigation a generous deadline.
        tab.Page.SetDefaultNavigationTimeout((float)ProductPageTab.Deadline.TotalMilliseconds);

        // 1. Fresh mesh: every service on v1, so reviews are shown without any stars.
        var allV1 = await tab.ReloadUntilAsync("book details and reviews from reviews-v1", s => s.ShowsDetails && s.ServedBy.Contains("reviews-v1"));
        Assert.True(allV1.ReviewCount >= 2, allV1.ToString());
        Assert.False(allV1.ShowsStarGlyphs, $"reviews v1 must not show stars: {allV1}");
        Assert.Null(allV1.SignedInAs);
        await SaveAsync(tab, "1-all-v1-no-stars.png", elapsed);

        // 2. All reviews traffic to v3: red stars.
        await mesh.ApplyAsync("virtual-service-reviews-v3.yaml");
        var v3 = await tab.ReloadUntilAsync("red stars from reviews-v3", s => s.ShowsDetails && s.ServedBy.Contains("reviews-v3") && s.FilledStarColors.Count > 0);
        Assert.Equal(v3.ReviewCount, v3.FilledStarColors.Count);
        Assert.All(v3.FilledStarColors, color => Assert.True(color.IsReddish, $"star colour {color} is not red: {v3}"));
        await SaveAsync(tab, "2-reviews-v3-red-stars.png", elapsed);

        // 3. jason to v2, everyone else to v1: anonymous readers lose the stars, jason signs in and sees black ones.
        await mesh.ApplyAsync("virtual-service-reviews-test-v2.yaml");
        var anonymous = await tab.ReloadUntilAsync("reviews-v1 for an anonymous reader", s => s.ServedBy.Contains("reviews-v1"));
        Assert.False(anonymous.ShowsStarGlyphs, anonymous.ToString());

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await tab.Page.GetByLabel("User name").FillAsync("jason");
        await SaveAsync(tab, "3-sign-in-form.png", elapsed);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(tab.Page.Locator(".topbar")).ToContainTextAsync("jason");
        Assert.EndsWith("/productpage", tab.Page.Url);

        var jason = await tab.ReloadUntilAsync("black stars from reviews-v2 for jason", s => s.ShowsDetails && s.ServedBy.Contains("reviews-v2") && s.FilledStarColors.Count > 0);
        Assert.Contains("jason", jason.SignedInAs);
        Assert.Equal(jason.ReviewCount, jason.FilledStarColors.Count);
        Assert.All(jason.FilledStarColors, color => Assert.True(color.IsBlackish, $"star colour {color} is not black: {jason}"));
        await SaveAsync(tab, "4-jason-v2-black-stars.png", elapsed);

        // An anonymous reader in a second browser context (no end-user cookie) must not notice the faults below.
        await using var anonymousContext = await mesh.Browser.NewContextAsync();
        var anonymousTab = new ProductPageTab(await anonymousContext.NewPageAsync(), mesh.ProductPage, mesh.Evidence);

        // 4. A 7 s delay on ratings for jason: reviews v2 waits for it (its budget is 10 s), productpage gives up on
        //    reviews after 3 s and one retry, so jason sees no reviews at all, after about 6 s.
        await mesh.ApplyAsync("virtual-service-ratings-test-delay.yaml");
        var delayed = await tab.ReloadUntilAsync("the reviews-unavailable notice for jason (ratings delayed)", s => s.Notices.Contains(ReviewsUnavailable));
        output.WriteLine($"jason's page with ratings delayed 7 s loaded in {tab.LastLoadTime.TotalSeconds:0.0} s");
        Assert.Contains("jason", delayed.SignedInAs);
        Assert.True(delayed.ShowsDetails && delayed.ReviewCount == 0 && delayed.ServedBy.Length == 0, delayed.ToString());
        await SaveAsync(tab, "5-jason-ratings-delay-reviews-unavailable.png", elapsed);
        await ExpectUnaffectedAsync(anonymousTab);

        // 5. HTTP 500 from ratings for jason: reviews v2 answers at once, without ratings, so each review says so.
        await mesh.ApplyAsync("virtual-service-ratings-test-abort.yaml");
        var aborted = await tab.ReloadUntilAsync("reviews-v2 with the ratings-unavailable notice for jason (ratings aborted)", s => s.ServedBy.Contains("reviews-v2") && s.Notices.Contains(RatingsUnavailable));
        output.WriteLine($"jason's page with ratings aborted loaded in {tab.LastLoadTime.TotalSeconds:0.0} s");
        Assert.True(aborted.ReviewCount >= 2 && aborted.Notices.Count(n => n == RatingsUnavailable) == aborted.ReviewCount, aborted.ToString());
        Assert.False(aborted.ShowsStarGlyphs, aborted.ToString());
        await SaveAsync(tab, "6-jason-ratings-abort-ratings-unavailable.png", elapsed);
        await ExpectUnaffectedAsync(anonymousTab);
    }

    [Fact]
    public async Task ProductPageOverHttps_BrowserTrustsLocalCa_LoadsWithoutCertificateErrorAndRendersReviews()
    {
        // Control: a browser that does not trust the local CA refuses the page, so the trust below is what makes it load.
        await using var untrusting = await mesh.Browser.NewContextAsync();
        var untrustedPage = await untrusting.NewPageAsync();
        var refused = await Assert.ThrowsAsync<PlaywrightException>(() => untrustedPage.GotoAsync(mesh.SecureProductPage.ToString()));
        Assert.Contains("ERR_CERT_AUTHORITY_INVALID", refused.Message);

        await using var context = await mesh.TrustingBrowser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultNavigationTimeout((float)ProductPageTab.Deadline.TotalMilliseconds);
        var tab = new ProductPageTab(page, mesh.SecureProductPage, mesh.Evidence);

        // Any routing state the other test left: an anonymous reader always gets the details and the reviews.
        var state = await tab.ReloadUntilAsync("book details and reviews over HTTPS", s => s.ShowsDetails && s.ReviewCount >= 2 && s.ServedBy.Length > 0);
        var response = await page.ReloadAsync();
        var security = await response!.SecurityDetailsAsync();

        Assert.True(response.Ok, $"HTTP {response.Status}");
        Assert.StartsWith("https://localhost:", page.Url);
        Assert.Equal("localhost", security?.SubjectName);
        Assert.Contains("GatewayMesh local CA", security?.Issuer);
        Assert.True(state.Notices.Count == 0, state.ToString());
        output.WriteLine($"{page.Url}: {security?.Protocol}, issued by {security?.Issuer}; {state}");
        await SaveAsync(tab, "7-https-trusted-local-ca.png", Stopwatch.StartNew());
    }

    [Fact]
    public async Task ProductPage_MixerDenierOnReviewsV3CallingRatings_V3ShowsRatingsUnavailable_V2Unaffected_LiftedLive()
    {
        await using var context = await mesh.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var elapsed = Stopwatch.StartNew();
        var tab = new ProductPageTab(await context.NewPageAsync(), mesh.ProductPage, mesh.Evidence);
        tab.Page.SetDefaultNavigationTimeout((float)ProductPageTab.Deadline.TotalMilliseconds);

        // Istio's "Denials" policy task: reviews split between v2 and v3, then a Mixer denier on calls from reviews v3
        // to ratings (source.labels, known at the ratings sidecar from the caller's mTLS peer metadata).
        await mesh.ApplyAsync("virtual-service-reviews-v2-v3.yaml");
        await mesh.ApplyPolicyAsync("mixer-rule-deny-label.yaml");
        var lifted = false;
        try
        {
            var denied = await tab.ReloadUntilAsync("reviews-v3 with the ratings-unavailable notice (Mixer denier)", s => s.ShowsDetails && s.ServedBy.Contains("reviews-v3") && s.Notices.Contains(RatingsUnavailable));
            Assert.True(denied.ReviewCount >= 2 && denied.Notices.Count(n => n == RatingsUnavailable) == denied.ReviewCount, denied.ToString());
            Assert.Empty(denied.FilledStarColors);
            await SaveAsync(tab, "8-mixer-denier-reviews-v3-ratings-unavailable.png", elapsed);

            var v2 = await tab.ReloadUntilAsync("reviews-v2 with its black stars under the same rule", s => s.ShowsDetails && s.ServedBy.Contains("reviews-v2") && s.FilledStarColors.Count > 0);
            Assert.True(v2.Notices.Count == 0 && v2.FilledStarColors.Count == v2.ReviewCount, v2.ToString());
            await SaveAsync(tab, "9-mixer-denier-reviews-v2-unaffected.png", elapsed);

            // Deleting the rule lifts the denial without a restart: v3 pages get their red stars back.
            await mesh.DeletePolicyAsync("mixer-rule-deny-label.yaml");
            lifted = true;
            var restored = await tab.ReloadUntilAsync("red stars from reviews-v3 once the rule is deleted", s => s.ShowsDetails && s.ServedBy.Contains("reviews-v3") && s.FilledStarColors.Count > 0);
            Assert.True(restored.Notices.Count == 0, restored.ToString());
            Assert.All(restored.FilledStarColors, color => Assert.True(color.IsReddish, $"star colour {color} is not red: {restored}"));
        }
        finally
        {
            // The class's other tests expect no denial and start from all-v1 routing.
            if (!lifted)
            {
                await mesh.DeletePolicyAsync("mixer-rule-deny-label.yaml");
            }

            await mesh.ApplyAsync("virtual-service-all-v1.yaml");
        }
    }

    private async Task ExpectUnaffectedAsync(ProductPageTab anonymousTab)
    {
        var state = await anonymousTab.ReloadUntilAsync("reviews-v1 for an anonymous reader", s => s.ShowsDetails && s.ServedBy.Contains("reviews-v1"));
        output.WriteLine($"anonymous reader's page loaded in {anonymousTab.LastLoadTime.TotalSeconds:0.0} s");
        Assert.True(state.Notices.Count == 0 && state.ReviewCount >= 2, state.ToString());
    }

    private async Task SaveAsync(ProductPageTab tab, string fileName, Stopwatch elapsed)
    {
        var path = ScreenshotFolder.For(fileName);
        await tab.ScreenshotAsync(path);
        output.WriteLine($"{elapsed.Elapsed.TotalSeconds,5:0.0} s  screenshot: {path}");
    }
}

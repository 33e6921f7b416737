using System.Globalization;
using System.Text.RegularExpressions;

namespace GatewayMesh.BrowserTests.Bookinfo;

/// <summary>A CSS computed colour, <c>rgb(r, g, b)</c> or <c>rgba(r, g, b, a)</c>.</summary>
internal sealed partial record Rgb(int R, int G, int B)
{
    public bool IsReddish => R >= 150 && G <= 80 && B <= 80;

    public bool IsBlackish => R <= 60 && G <= 60 && B <= 60;

    public static Rgb Parse(string css)
    {
        var match = Pattern().Match(css);
        if (!match.Success)
        {
            throw new FormatException($"Not a computed rgb() colour: '{css}'");
        }

        int Channel(int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        return new Rgb(Channel(1), Channel(2), Channel(3));
    }

    public override string ToString() => $"rgb({R}, {G}, {B})";

    [GeneratedRegex(@"^rgba?\((\d+),\s*(\d+),\s*(\d+)")]
    private static partial Regex Pattern();
}

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// The path authorization matches: Kestrel has already percent-decoded it (except <c>%2F</c>, which stays encoded, as
/// with Istio's default BASE normalization) and removed dot segments from origin-form targets; this removes any dot
/// segments left (absolute-form targets, decoded <c>%2E</c>) per RFC 3986 5.2.4, so <c>/ratings/../admin</c> is
/// matched as <c>/admin</c>, the path the app receives. Slashes are not merged. Allocates only when a dot segment exists.
/// </summary>
public static class RequestPath
{
    public static string Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        return HasDotSegment(path) ? RemoveDotSegments(path) : path;
    }

    private static bool HasDotSegment(string path)
    {
        for (var i = path.IndexOf('.', StringComparison.Ordinal); i >= 0; i = path.IndexOf('.', i + 1))
        {
            var startsSegment = i == 0 || path[i - 1] == '/';
            if (!startsSegment)
            {
                continue;
            }

            var end = i + 1 < path.Length && path[i + 1] == '.' ? i + 2 : i + 1;
            if (end == path.Length || path[end] == '/')
            {
                return true;
            }
        }

        return false;
    }

    private static string RemoveDotSegments(string path)
    {
        var output = new List<string>();
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == ".")
            {
                if (last)
                {
                    output.Add("");
                }
            }
            else if (segment == "..")
            {
                if (output.Count > 1)
                {
                    output.RemoveAt(output.Count - 1);
                }

                if (last)
                {
                    output.Add("");
                }
            }
            else
            {
                output.Add(segment);
            }
        }

        var joined = string.Join('/', output);
        return joined.StartsWith('/') ? joined : "/" + joined;
    }
}

namespace GatewayMesh.Core.Config;

/// <summary>Relations between field paths such as <c>spec.http[0].route[1].weight</c>.</summary>
public static class FieldPaths
{
    /// <summary>
    /// Whether <paramref name="path"/> is <paramref name="ancestor"/> or lies under it (<c>spec.http[0].timeout</c> is
    /// under <c>spec.http[0]</c> and <c>spec.http</c>, not under <c>spec.h</c>). The empty path is above every path.
    /// </summary>
    public static bool IsAtOrUnder(string path, string ancestor) =>
        ancestor.Length == 0 ||
        (path.StartsWith(ancestor, StringComparison.Ordinal) &&
         (path.Length == ancestor.Length || path[ancestor.Length] is '.' or '['));

    /// <summary>The path of the object or list holding <paramref name="path"/>'s last segment: <c>spec.http[0]</c> for
    /// <c>spec.http[0].timeout</c>, <c>spec.http</c> for <c>spec.http[0]</c>, empty for a top-level field.</summary>
    public static string Parent(string path)
    {
        var depth = 0;
        for (var i = path.Length - 1; i >= 0; i--)
        {
            switch (path[i])
            {
                case ']':
                    depth++;
                    break;
                case '[':
                    depth--;
                    if (depth == 0)
                    {
                        return path[..i];
                    }

                    break;
                case '.' when depth == 0:
                    return path[..i];
            }
        }

        return "";
    }
}

using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>CORS: origin matches, method and header names, and a max age in whole seconds.</summary>
internal static class CorsPolicyValidator
{
    public static void Validate(ValidationContext context, VirtualService resource)
    {
        for (var i = 0; i < resource.Spec.Http.Count; i++)
        {
            if (resource.Spec.Http[i].CorsPolicy is { } cors)
            {
                ValidateCors(context, $"spec.http[{i}].corsPolicy", cors);
            }
        }
    }

    private static void ValidateCors(ValidationContext context, string path, CorsPolicy cors)
    {
        for (var o = 0; o < cors.AllowOrigins.Count; o++)
        {
            StringMatchRules.Validate(context, $"{path}.allowOrigins[{o}]", cors.AllowOrigins[o]);
        }

        for (var m = 0; m < cors.AllowMethods.Count; m++)
        {
            var method = cors.AllowMethods[m];
            if (method != "*" && !HeaderRules.IsToken(method))
            {
                context.Add($"{path}.allowMethods[{m}]", $"invalid method \"{method}\": expected an HTTP method such as GET");
            }
        }

        Names(context, $"{path}.allowHeaders", cors.AllowHeaders);
        Names(context, $"{path}.exposeHeaders", cors.ExposeHeaders);
        DurationRules.WholeSeconds(context, $"{path}.maxAge", cors.MaxAge);
    }

    private static void Names(ValidationContext context, string path, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] != "*")
            {
                HeaderRules.Name(context, $"{path}[{i}]", names[i]);
            }
        }
    }
}

using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.ProxyConfigs;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.ProxyConfigs;

/// <summary>
/// ProxyConfig: selector labels, a concurrency that is not negative, environment variable names a process can
/// have (letters, digits, '_', '-', '.', not starting with a digit) and that are not reserved
/// (<see cref="ProxyProcessEnvironment.ReservedPrefixes"/>), an image type of default, debug or distroless.
/// </summary>
internal static class ProxyConfigValidator
{
    private static readonly string[] ImageTypes = ["default", "debug", "distroless"];

    public static void Validate(ValidationContext context, ProxyConfig resource)
    {
        var spec = resource.Spec;
        if (spec.Selector is { } selector)
        {
            LabelRules.ValidateLabels(context, "spec.selector.matchLabels", selector.MatchLabels);
        }

        NumberRules.AtLeast(context, "spec.concurrency", spec.Concurrency, 0);
        foreach (var name in spec.EnvironmentVariables.Keys)
        {
            if (name.Length == 0 || char.IsAsciiDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                context.Add($"spec.environmentVariables[{name}]", $"invalid environment variable name \"{name}\": expected letters, digits, '_', '-' or '.', not starting with a digit");
            }
            else if (ProxyProcessEnvironment.IsReserved(name))
            {
                context.Add(
                    $"spec.environmentVariables[{name}]",
                    $"reserved environment variable \"{name}\": names starting {string.Join(", ", ProxyProcessEnvironment.ReservedPrefixes)} configure the proxy's runtime, loader or mesh settings (set concurrency for DOTNET_PROCESSOR_COUNT)");
            }
        }

        if (spec.Image?.ImageType is { } imageType && !ImageTypes.Contains(imageType))
        {
            context.Add("spec.image.imageType", $"unknown image type \"{imageType}\": expected default, debug or distroless");
        }
    }
}

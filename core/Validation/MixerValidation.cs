using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation;
using GatewayMesh.Core.Mixer.Resolution;

namespace GatewayMesh.Core.Validation;

/// <summary>
/// Mixer's <c>config.istio.io/v1alpha2</c> kinds, each on its own: adapter and template names, params in the adapter's
/// or template's shape, the adapter's own rules, and every expression parsed and type-checked
/// (<see cref="MixerDefinitions"/>, which the proxies also run). References between resources are checked by
/// <see cref="MixerResolver"/> where the whole store is known (the registry).
/// </summary>
internal static class MixerValidation
{
    public static void Validate(ValidationContext context, ConfigResource resource)
    {
        var errors = new List<ConfigError>();
        MixerDefinitions.Validate(resource, errors);
        foreach (var error in errors)
        {
            context.Add(error.Path, error.Message);
        }
    }
}

using System.Reflection;
using GatewayMesh.Core.Hosting;
using Xunit;

namespace GatewayMesh.UnitTests.Architecture;

/// <summary>
/// Every settings class bound from a configuration section (it names its section in a <c>Section</c> or
/// <c>SectionName</c> constant) validates itself when its process starts: <see cref="IValidatedSettings"/>, run by the
/// component's <c>Create</c> before anything listens. Regression test for issue 16 (options validated at start).
/// </summary>
public sealed class SettingsValidationTests
{
    [Fact]
    public void SettingsClasses_BoundFromASection_AreValidatedAtStart()
    {
        var bound = BoundSettings().ToList();
        var notValidated = bound.Where(t => !typeof(IValidatedSettings).IsAssignableFrom(t)).Select(t => $"{t.FullName} ({t.Assembly.GetName().Name})");

        Assert.Empty(notValidated);
        Assert.Superset(
            new HashSet<string> { "IngressOptions", "SidecarOptions", "DaprApiOptions", "RegistryOptions", "KubernetesOptions", "CaOptions", "CaKubernetesOptions" },
            bound.Select(t => t.Name).ToHashSet());
    }

    private static IEnumerable<Type> BoundSettings() =>
        from assembly in SolutionAssemblies.All
        from type in Types(assembly)
        where type.IsClass && type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Any(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name is "Section" or "SectionName")
        select type;

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}

using System.Reflection;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using Xunit;

namespace GatewayMesh.UnitTests.Model;

/// <summary>The shape the YAML binder relies on: sealed records, parameterless constructors, init-only properties, nullable scalars.</summary>
public class ModelConventionTests
{
    [Fact]
    public void ReachableModelTypes_All_AreSealedRecordsWithParameterlessConstructor()
    {
        var bad = ModelShape.ReachableRecords()
            .Where(t => !t.IsSealed || t.GetConstructor(Type.EmptyTypes) is null)
            .Select(t => t.Name);

        Assert.Empty(bad);
    }

    [Fact]
    public void ReachableModelProperties_All_AreInitOnlyAndShowUnset()
    {
        var bad = new List<string>();
        foreach (var type in ModelShape.ReachableRecords())
        {
            foreach (var property in ModelShape.Properties(type))
            {
                var isInit = property.SetMethod?.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit)) == true;
                var propertyType = property.PropertyType;
                var showsUnset = !propertyType.IsValueType
                    ? new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable
                    : Nullable.GetUnderlyingType(propertyType) is not null || IsCollection(propertyType);
                var allowedNonNullable = type == typeof(Percent) && property.Name == nameof(Percent.Value);
                if (!isInit || !(showsUnset || allowedNonNullable))
                {
                    bad.Add($"{type.Name}.{property.Name}");
                }
            }
        }

        Assert.Empty(bad);
    }

    [Fact]
    public void NewSpecs_Default_HaveEmptyCollectionsAndNullScalars()
    {
        var spec = new VirtualServiceSpec();
        var route = new HttpRoute();

        Assert.True(spec.Hosts.IsEmpty);
        Assert.True(spec.Http.IsEmpty);
        Assert.Null(route.Timeout);
        Assert.Null(route.Retries);
        Assert.True(new HttpMatchRequest().Headers.IsEmpty);
    }

    private static bool IsCollection(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ValueList<>) || type.GetGenericTypeDefinition() == typeof(ValueMap<,>));
}

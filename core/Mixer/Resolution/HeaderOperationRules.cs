using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Mixer.Expressions;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>A rule's header operations: a header name, and values that are STRING expressions.</summary>
internal static class HeaderOperationRules
{
    public static void Check(ValueList<HeaderOperationTemplate> operations, string path, MixerErrorSink sink)
    {
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            if (string.IsNullOrWhiteSpace(operation.Name))
            {
                sink.Add($"{path}[{i}].name", "required field is missing");
            }
            else if (!operation.Name.All(c => c > ' ' && c < 127 && c != ':'))
            {
                sink.Add($"{path}[{i}].name", $"\"{operation.Name}\" is not a valid header name");
            }

            if (operation.Operation != HeaderOperation.Remove && operation.Values.Count == 0)
            {
                sink.Add($"{path}[{i}].values", "a REPLACE or APPEND operation needs at least one value");
            }

            for (var j = 0; j < operation.Values.Count; j++)
            {
                MixerExpressions.Check(operation.Values[j], CexlType.String, $"{path}[{i}].values[{j}]", sink);
            }
        }
    }
}

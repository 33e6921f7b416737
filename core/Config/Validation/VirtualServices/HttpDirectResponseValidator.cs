using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>Direct responses: a status between 200 and 599 and a body (text or base64 bytes) of at most 1 MiB.</summary>
internal static class HttpDirectResponseValidator
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static void Validate(ValidationContext context, VirtualService resource)
    {
        for (var i = 0; i < resource.Spec.Http.Count; i++)
        {
            if (resource.Spec.Http[i].DirectResponse is { } response)
            {
                ValidateResponse(context, $"spec.http[{i}].directResponse", response);
            }
        }
    }

    private static void ValidateResponse(ValidationContext context, string path, HttpDirectResponse response)
    {
        if (response.Status is not { } status)
        {
            context.Add($"{path}.status", "status is required");
        }
        else if (status is < 200 or > 599)
        {
            context.Add($"{path}.status", $"status must be an HTTP status between 200 and 599, got {status}");
        }

        if (response.Body is not { } body)
        {
            return;
        }

        if (body.String is not null && body.Bytes is not null)
        {
            context.Add($"{path}.body", "set string or bytes, not both");
        }

        var size = body.String is { } text ? System.Text.Encoding.UTF8.GetByteCount(text) : 0;
        if (body.Bytes is { } bytes)
        {
            var buffer = new byte[bytes.Length];
            if (!Convert.TryFromBase64String(bytes, buffer, out size))
            {
                context.Add($"{path}.body.bytes", "bytes must be base64-encoded");
            }
        }

        if (size > MaxBodyBytes)
        {
            context.Add($"{path}.body", $"body is {size} bytes; the limit is {MaxBodyBytes} (1 MiB)");
        }
    }
}

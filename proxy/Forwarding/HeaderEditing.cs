using GatewayMesh.Proxy.Routing;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>Applies compiled <see cref="HeaderEdits"/>: <c>set</c> overwrites, <c>add</c> appends, then <c>remove</c> deletes.</summary>
internal static class HeaderEditing
{
    /// <summary>Edits an outgoing request's headers (or its content headers, for names such as Content-Type).</summary>
    public static void Apply(HeaderEdits edits, HttpRequestMessage request)
    {
        if (edits.IsEmpty)
        {
            return;
        }

        foreach (var (name, value) in edits.Set)
        {
            Remove(request, name);
            Add(request, name, value);
        }

        foreach (var (name, value) in edits.Add)
        {
            Add(request, name, value);
        }

        foreach (var name in edits.Remove)
        {
            Remove(request, name);
        }
    }

    /// <summary>Edits the response headers that will be sent to the client.</summary>
    public static void Apply(HeaderEdits edits, IHeaderDictionary headers)
    {
        if (edits.IsEmpty)
        {
            return;
        }

        foreach (var (name, value) in edits.Set)
        {
            headers[name] = value;
        }

        foreach (var (name, value) in edits.Add)
        {
            headers.Append(name, value);
        }

        foreach (var name in edits.Remove)
        {
            headers.Remove(name);
        }
    }

    private static void Add(HttpRequestMessage request, string name, string value)
    {
        if (!request.Headers.TryAddWithoutValidation(name, value))
        {
            request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static void Remove(HttpRequestMessage request, string name)
    {
        request.Headers.Remove(name);
        request.Content?.Headers.Remove(name);
    }
}

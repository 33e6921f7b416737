using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayMesh.Ca.Authority;

namespace GatewayMesh.Ca.Audit;

/// <summary>One audit record: an issuance or a refusal. Never a key, a token or a CSR.</summary>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Event,
    string? Identity,
    string? Authenticator,
    string? Serial = null,
    DateTimeOffset? NotAfter = null,
    string? IssuerSerial = null,
    string? RootSerial = null,
    int? Status = null,
    string? Reason = null);

/// <summary>
/// Appends one JSON line per issuance and refusal to <c>&lt;dir&gt;/audit.jsonl</c> (owner-only), flushed per line, and
/// logs the same at Information.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly Lock _lock = new();
    private readonly FileStream _stream;
    private readonly ILogger _logger;

    public AuditLog(CaDirectory directory, ILogger<AuditLog> logger)
    {
        _logger = logger;
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFiles.FileMode;
        }

        _stream = new FileStream(directory.AuditLogFile, options);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.AuditLogFile, OwnerOnlyFiles.FileMode);
        }
    }

    public void Issued(AuditEntry entry)
    {
        Log.Issued(_logger, entry.Identity!, entry.Serial!, entry.NotAfter!.Value, entry.IssuerSerial!, entry.Authenticator!);
        Append(entry);
    }

    public void Refused(AuditEntry entry)
    {
        Log.Refused(_logger, entry.Identity ?? "-", entry.Status ?? 0, entry.Reason ?? "");
        Append(entry);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stream.Dispose();
        }
    }

    private void Append(AuditEntry entry)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, Json);
        lock (_lock)
        {
            _stream.Write(line);
            _stream.WriteByte((byte)'\n');
            _stream.Flush();
        }
    }
}

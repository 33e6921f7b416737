using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>Keeps every log entry of a component under test (Debug and up, as far as its filters let through), and lets a test wait for one.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, string Message)> _entries = new();
    private readonly ConcurrentBag<(Func<int, string, bool> Match, TaskCompletionSource Seen)> _waiters = [];

    public IReadOnlyList<(int EventId, string Message)> Entries => [.. _entries];

    public int Count(int eventId, string contains) => _entries.Count(e => e.EventId == eventId && e.Message.Contains(contains, StringComparison.Ordinal));

    /// <summary>Completes when an entry with this EventId whose message contains the text is logged (or was already).</summary>
    public Task WaitForAsync(int eventId, string contains, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Match(int id, string message) => id == eventId && message.Contains(contains, StringComparison.Ordinal);
        _waiters.Add((Match, seen));
        if (_entries.Any(e => Match(e.EventId, e.Message)))
        {
            seen.TrySetResult();
        }

        return seen.Task.WaitAsync(timeout);
    }

    public string Dump() => string.Join('\n', _entries.Select(e => $"[{e.EventId}] {e.Message}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Add(int eventId, string message)
    {
        _entries.Enqueue((eventId, message));
        foreach (var (match, seen) in _waiters)
        {
            if (match(eventId, message))
            {
                seen.TrySetResult();
            }
        }
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.Add(eventId.Id, formatter(state, exception));
            }
        }
    }
}

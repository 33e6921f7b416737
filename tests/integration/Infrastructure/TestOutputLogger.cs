using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace GatewayMesh.IntegrationTests.Infrastructure;

/// <summary>
/// Writes log lines to the test's output with the seconds since the test began, so a failing run of a timing-dependent
/// test (failover, reconnects) shows the order of events. Lines after the test ended are dropped.
/// </summary>
public sealed class TestOutputLogger(ITestOutputHelper output) : ILoggerProvider
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public static ILoggerFactory Factory(ITestOutputHelper output) =>
        LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new TestOutputLogger(output)));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        try
        {
            output.WriteLine($"{_clock.Elapsed.TotalSeconds,7:0.000} {level,-11} {category}: {message}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
        }
        catch (InvalidOperationException)
        {
            // the test has ended
        }
    }

    private sealed class Logger(TestOutputLogger owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Write(category, logLevel, formatter(state, exception), exception);
    }
}

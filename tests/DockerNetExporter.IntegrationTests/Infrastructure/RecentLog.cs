using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps the exporter's latest debug log lines in memory, so a test that times out waiting for the
/// exporter can say what the exporter was doing.
/// </summary>
internal sealed class RecentLog : ILoggerProvider
{
    private const int Capacity = 300;
    private readonly ConcurrentQueue<string> lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public string Dump() => string.Join('\n', lines);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lines.Enqueue(line);
        while (lines.Count > Capacity && lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(RecentLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
    }
}

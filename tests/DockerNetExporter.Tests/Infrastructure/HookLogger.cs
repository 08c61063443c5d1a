using Microsoft.Extensions.Logging;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>
/// A logger that hands every message, debug ones included, to a callback. It is a way into the
/// middle of a read: NetClassReader logs each interface it skips as it goes, so a test can change
/// the tree at that moment, after the listing and before the next entry is read, as the kernel
/// may, without any hook in the exporter itself.
/// </summary>
internal sealed class HookLogger<T>(Action<string> onMessage) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        onMessage(formatter(state, exception));
}

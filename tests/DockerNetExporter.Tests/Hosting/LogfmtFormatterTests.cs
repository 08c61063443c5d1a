using DockerNetExporter.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DockerNetExporter.Tests.Hosting;

public sealed class LogfmtFormatterTests
{
    [Theory]
    [InlineData("web-1", "web-1")]
    [InlineData("", "\"\"")]
    [InlineData("two words", "\"two words\"")]
    [InlineData("a=b", "\"a=b\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("bell\u0007", "\"bell\\u0007\"")]
    [InlineData("sep\u2028", "\"sep\\u2028\"")]
    public void A_value_is_bare_when_it_can_be_and_else_quoted_with_escapes(string value, string written)
    {
        Assert.Equal(written, LogfmtFormatter.Quote(value));
    }

    /// <summary>Not in InlineData, whose serialisation would replace it: text that is not UTF-16, which Docker's JSON can carry.</summary>
    [Fact]
    public void A_lone_surrogate_is_escaped()
    {
        Assert.Equal("\"lone\\ud800\"", LogfmtFormatter.Quote("lone" + (char)0xD800));
    }

    /// <summary>A container named to look like a second line, as a Docker API answer may name one.</summary>
    [Fact]
    public void A_hostile_value_stays_on_its_line()
    {
        var hostile = "web\ntime=2020-01-01T00:00:00.000Z level=error source=forged msg=\"owned\"";

        var line = Write(LogLevel.Warning, "Container {ContainerName} skipped", hostile);

        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.Matches(
            "^time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z level=warn source=DockerNetExporter\\.Test msg=\"Container web\\\\ntime=2020-01-01T00:00:00\\.000Z level=error source=forged msg=\\\\\"owned\\\\\" skipped\" container_name=\"web\\\\ntime=",
            line);
    }

    [Fact]
    public void An_exception_is_one_escaped_value()
    {
        var line = Write(LogLevel.Error, "failed", null, new InvalidOperationException("first\nsecond"));

        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(" level=error ", line, StringComparison.Ordinal);
        Assert.Contains(" error=\"System.InvalidOperationException: first\\nsecond\"", line, StringComparison.Ordinal);
    }

    private static string Write(LogLevel level, string format, string? value, Exception? exception = null)
    {
        var state = new LogValues(format, value);
        using var text = new StringWriter();
        new LogfmtFormatter().Write(new LogEntry<LogValues>(level, "DockerNetExporter.Test", new EventId(1), state, exception, (s, _) => s.ToString()), null, text);
        return text.ToString();
    }

    /// <summary>What a [LoggerMessage] passes as state: its values by name, and the format last.</summary>
    private sealed class LogValues(string format, string? value) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] pairs = value is null
            ? [new("{OriginalFormat}", format)]
            : [new("ContainerName", value), new("{OriginalFormat}", format)];

        public int Count => pairs.Length;

        public KeyValuePair<string, object?> this[int index] => pairs[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)pairs).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => value is null ? format : format.Replace("{ContainerName}", value, StringComparison.Ordinal);
    }
}

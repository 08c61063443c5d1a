using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace DockerNetExporter.Hosting;

/// <summary>
/// --log.format=logfmt: one line of key=value pairs per message, as node_exporter writes
/// (time=... level=info source=... msg="..."), then the message's own values under their names. A
/// value is quoted when it must be, with quotes, backslashes and control characters escaped: values
/// come from Docker (container names), and a newline in one must not start a forged line.
/// </summary>
internal sealed class LogfmtFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "logfmt";

    private const string OriginalFormatKey = "{OriginalFormat}";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var line = new StringBuilder(256);
        Pair(line, "time", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        Pair(line, "level", Level(logEntry.LogLevel));
        Pair(line, "source", logEntry.Category);
        Pair(line, "msg", logEntry.Formatter(logEntry.State, logEntry.Exception));
        if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                if (key != OriginalFormatKey)
                {
                    Pair(line, Key(key), Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                }
            }
        }

        if (logEntry.Exception is { } exception)
        {
            Pair(line, "error", exception.ToString());
        }

        line[^1] = '\n';
        textWriter.Write(line);
    }

    /// <summary>A value as logfmt writes it: bare when it can be, else quoted with Go's escapes.</summary>
    internal static string Quote(string value)
    {
        if (value.Length > 0 && !value.Any(c => c is '"' or '=' or '\\' || c <= ' ' || char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c)))
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    private static void Pair(StringBuilder line, string key, string value) => line.Append(key).Append('=').Append(Quote(value)).Append(' ');

    /// <summary>A LoggerMessage's value name as a key in snake case (ContainerName: container_name), of letters, digits and _ only.</summary>
    private static string Key(string name)
    {
        var key = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterUpper(c) && i > 0 && !char.IsAsciiLetterUpper(name[i - 1]))
            {
                key.Append('_');
            }

            key.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        return key.ToString();
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };
}

namespace DockerNetExporter.Configuration;

/// <summary>How each log line is written (--log.format).</summary>
internal enum LogFormat
{
    /// <summary>.NET's single-line console format: time, level, category[event id], message.</summary>
    Text,

    /// <summary>key=value pairs, as node_exporter's default: time, level, source, msg, then the message's own values.</summary>
    Logfmt,

    /// <summary>One JSON object a line (.NET's JSON console format): timestamp, event id, level, category, message and its values.</summary>
    Json,
}

namespace DockerNetExporter.Configuration;

/// <summary>
/// The time between the two counter reads a topology report's rates come from: <c>?interval=</c>
/// of /topology and <c>topology --interval</c>, one Prometheus duration with the same bounds for
/// both. At least 100ms, for rates that mean something; at most 10s, as long as a report may hold
/// /topology's one reading slot.
/// </summary>
internal static class TopologyInterval
{
    public const string Wanted = "one duration from 100ms to 10s, e.g. 1s or 500ms";

    public static readonly TimeSpan Default = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    public static bool TryParse(string text, out TimeSpan interval) =>
        PrometheusDuration.TryParse(text, out interval) && interval >= Min && interval <= Max;
}

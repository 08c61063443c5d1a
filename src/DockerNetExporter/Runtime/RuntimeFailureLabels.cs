namespace DockerNetExporter.Runtime;

/// <summary>The reason label of each <see cref="RuntimeFailure"/>, as dashboards and alerts see it.</summary>
internal static class RuntimeFailureLabels
{
    public static IReadOnlyList<RuntimeFailure> All { get; } = Enum.GetValues<RuntimeFailure>();

    public static string Label(this RuntimeFailure failure) => failure switch
    {
        RuntimeFailure.Unreachable => "unreachable",
        RuntimeFailure.Timeout => "timeout",
        RuntimeFailure.Denied => "denied",
        RuntimeFailure.ErrorStatus => "error_status",
        RuntimeFailure.Malformed => "malformed",
        RuntimeFailure.Truncated => "truncated",
        RuntimeFailure.TooLarge => "too_large",
        RuntimeFailure.EventsLost => "events_lost",
        _ => "other",
    };
}

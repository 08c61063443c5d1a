using System.Text.RegularExpressions;

namespace DockerNetExporter.Topology;

/// <summary>
/// --container.include and --container.exclude, applied to each snapshot as it is made, so that a
/// container left out has no series, no place in /topology and no protocol counters. The expressions
/// match anywhere in the name, as node_exporter's device filters do (write ^name$ for the whole
/// name); a name the exclusion matches, or the inclusion does not, is left out. The mapping under
/// it is whole: the veths of a container left out are still known as mapped, not unmapped.
/// </summary>
/// <param name="Include">Names to keep; null keeps every name.</param>
/// <param name="Exclude">Names to leave out, whatever <paramref name="Include"/> says; null leaves none out.</param>
internal sealed record ContainerFilter(Regex? Include, Regex? Exclude)
{
    public static ContainerFilter None { get; } = new(null, null);

    /// <param name="timedOut">
    /// Told each name whose match ran past the expression's time bound: it is left out, since no one
    /// could say it was asked for. Construction with NonBacktracking makes that all but impossible.
    /// </param>
    public TopologySnapshot Apply(TopologySnapshot snapshot, Action<string> timedOut)
    {
        if (Include is null && Exclude is null)
        {
            return snapshot;
        }

        var kept = snapshot.Containers.RemoveAll(container => !Admits(container.Name, timedOut));
        return kept.Length == snapshot.Containers.Length ? snapshot : snapshot with { Containers = kept };
    }

    private bool Admits(string name, Action<string> timedOut)
    {
        try
        {
            return (Include is null || Include.IsMatch(name)) && (Exclude is null || !Exclude.IsMatch(name));
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut(name);
            return false;
        }
    }
}

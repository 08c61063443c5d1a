using System.Collections.Immutable;
using System.Text;

namespace DockerNetExporter.Configuration;

/// <summary>A Docker label allowed onto dockernet_container_info, and the Prometheus label it becomes there.</summary>
/// <param name="DockerName">The label's name on the container, e.g. com.example.team.</param>
/// <param name="LabelName">label_ and that name with every character Prometheus does not allow in a label name as _: label_com_example_team.</param>
internal sealed record ContainerLabel(string DockerName, string LabelName);

/// <summary>
/// --docker.container-labels: the Docker labels, named by the operator, that become labels of
/// dockernet_container_info. Names become Prometheus label names by the rules of the data model
/// ([a-zA-Z_][a-zA-Z0-9_]*, __ reserved): prefixed with label_, as kube-state-metrics does, they
/// can meet none of the family's own labels nor a reserved name; two that would become the same
/// are refused, since one would hide the other. Counted and bounded, since each is a label on
/// every container's series.
/// </summary>
internal static class ContainerLabelAllowlist
{
    /// <summary>The most labels allowed: each adds a label to every container's info series.</summary>
    public const int MaxLabels = 16;

    /// <summary>The longest Docker label name taken (Docker's own are under 64; reverse-DNS ones rarely past 100).</summary>
    public const int MaxNameChars = 128;

    private const string Prefix = "label_";

    public static ImmutableArray<ContainerLabel> Parse(string text)
    {
        var flag = ExporterFlag.ContainerLabels.Name;
        var names = text.Split(ExporterFlag.ValueSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length > MaxLabels)
        {
            throw new InvalidFlagException(flag, $"invalid {flag}: {names.Length} labels, more than {MaxLabels}");
        }

        var labels = ImmutableArray.CreateBuilder<ContainerLabel>(names.Length);
        foreach (var name in names)
        {
            if (name.Length > MaxNameChars || name.Any(char.IsControl))
            {
                throw new InvalidFlagException(flag, $"invalid {flag}: a label name must be at most {MaxNameChars} characters, none a control character");
            }

            var label = new ContainerLabel(name, Prefix + Sanitised(name));
            if (labels.FirstOrDefault(l => l.LabelName == label.LabelName) is { } taken)
            {
                throw new InvalidFlagException(
                    flag,
                    taken.DockerName == name
                        ? $"invalid {flag}: \"{name}\" is listed twice"
                        : $"invalid {flag}: \"{taken.DockerName}\" and \"{name}\" would both be {label.LabelName}; list one of them");
            }

            labels.Add(label);
        }

        return labels.ToImmutable();
    }

    private static string Sanitised(string name)
    {
        var label = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            label.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return label.ToString();
    }
}

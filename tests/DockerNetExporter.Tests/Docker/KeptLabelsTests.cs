using Docker.DotNet.Models;
using DockerNetExporter.Docker;

namespace DockerNetExporter.Tests.Docker;

/// <summary>--docker.container-labels at the Docker API's edge: what an inspect's labels may put in the inventory.</summary>
public sealed class KeptLabelsTests
{
    private static ContainerInspectResponse Inspect(Dictionary<string, string> labels) =>
        new() { ID = "abc", Name = "/web", Config = new ContainerConfig { Labels = labels } };

    [Fact]
    public void Only_the_labels_asked_for_are_kept_and_none_are_without_an_allowlist()
    {
        var inspect = Inspect(new() { ["com.example.team"] = "net-ops", ["secret.token"] = "hunter2", ["com.docker.compose.project"] = "shop" });

        var container = DockerModelConverter.ToContainer(inspect, ["com.example.team", "absent"]);

        Assert.Equal(new Dictionary<string, string> { ["com.example.team"] = "net-ops" }, container.Labels);
        Assert.Null(DockerModelConverter.ToContainer(inspect).Labels);
    }

    /// <summary>A hostile API answer: a thousand labels of 1,000 characters, the asked one among them. Labels are not in the kept-characters bound, so the container is not refused.</summary>
    [Fact]
    public void A_flood_of_long_labels_keeps_the_one_asked_for_cut_to_256_characters()
    {
        var labels = Enumerable.Range(0, 1000).ToDictionary(i => $"l{i}", _ => new string('x', 1000));

        var container = DockerModelConverter.ToContainer(Inspect(labels), ["l7"]);

        Assert.Equal(new string('x', 256), Assert.Single(container.Labels!).Value);
    }

    [Fact]
    public void A_value_is_cut_between_characters_never_inside_a_surrogate_pair()
    {
        var value = new string('a', 255) + "\U0001F600" + "tail";

        Assert.Equal(new string('a', 255), DockerModelConverter.LabelValue(value));
        Assert.Equal("a\U0001F600b", DockerModelConverter.LabelValue("a\U0001F600b"));
    }

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character()
    {
        Assert.Equal("a\uFFFDb\uFFFD", DockerModelConverter.LabelValue("a" + (char)0xD800 + "b" + (char)0xDC00));
    }

    /// <summary>The exposition escapes them; cutting or replacing them would change what the operator's label says.</summary>
    [Fact]
    public void Quotes_backslashes_and_newlines_are_kept_for_the_exposition_to_escape()
    {
        Assert.Equal("a\"b\\c\nd", DockerModelConverter.LabelValue("a\"b\\c\nd"));
    }
}

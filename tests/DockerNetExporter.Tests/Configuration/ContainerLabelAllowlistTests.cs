using DockerNetExporter.Configuration;

namespace DockerNetExporter.Tests.Configuration;

public sealed class ContainerLabelAllowlistTests
{
    [Fact]
    public void Names_become_prefixed_label_names_of_prometheus_s_characters()
    {
        var labels = ContainerLabelAllowlist.Parse(" com.example.team , app.kubernetes.io/name,9lives,ünïcode,already_fine ");

        Assert.Equal(
            [
                new ContainerLabel("com.example.team", "label_com_example_team"),
                new ContainerLabel("app.kubernetes.io/name", "label_app_kubernetes_io_name"),
                new ContainerLabel("9lives", "label_9lives"),
                new ContainerLabel("ünïcode", "label__n_code"),
                new ContainerLabel("already_fine", "label_already_fine"),
            ],
            labels.ToArray());
        Assert.All(labels, l => Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", l.LabelName));
    }

    /// <summary>None can be a label dockernet_container_info has of its own, nor a reserved __ name.</summary>
    [Theory]
    [InlineData("container")]
    [InlineData("name_source")]
    [InlineData("__name__")]
    public void A_name_of_the_family_s_own_labels_or_a_reserved_one_gets_a_label_of_its_own(string name)
    {
        Assert.Equal("label_" + name, Assert.Single(ContainerLabelAllowlist.Parse(name)).LabelName);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ,")]
    public void Empty_means_none(string text)
    {
        Assert.Empty(ContainerLabelAllowlist.Parse(text));
    }

    [Theory]
    [InlineData("com.example.team,com-example-team", "\"com.example.team\" and \"com-example-team\" would both be label_com_example_team; list one of them")]
    [InlineData("team,team", "\"team\" is listed twice")]
    [InlineData("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", "17 labels, more than 16")]
    [InlineData("bell\u0007", "a label name must be at most 128 characters, none a control character")]
    public void A_bad_allowlist_names_the_flag_and_says_why(string text, string reason)
    {
        var error = Assert.Throws<InvalidFlagException>(() => ContainerLabelAllowlist.Parse(text));

        Assert.Equal("--docker.container-labels", error.Flag);
        Assert.Equal("invalid --docker.container-labels: " + reason, error.Message);
    }

    [Fact]
    public void A_name_past_128_characters_is_refused()
    {
        Assert.Throws<InvalidFlagException>(() => ContainerLabelAllowlist.Parse(new string('a', 129)));
        Assert.Single(ContainerLabelAllowlist.Parse(new string('a', 128)));
    }
}

using DockerNetExporter.Docker;

namespace DockerNetExporter.Tests.Docker;

public sealed class DockerIdsTests
{
    [Theory]
    [InlineData("d8f12879d06cebd3eedebb6231388ec124626e00b81c8fc21334d4802643abd7", true)]
    [InlineData("my_project-web.1", true)]
    [InlineData("podman", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("..", false)]
    [InlineData("-rf", false)]
    [InlineData("a1/../../events", false)]
    [InlineData("a1?filters=x", false)]
    [InlineData("a1#", false)]
    [InlineData("a1 b2", false)]
    [InlineData("é1", false)]
    public void An_id_is_a_Docker_name_and_nothing_a_path_could_be_bent_with(string? id, bool valid)
    {
        Assert.Equal(valid, DockerIds.IsValid(id));
    }

    [Fact]
    public void An_id_is_at_most_128_characters()
    {
        Assert.True(DockerIds.IsValid(new string('a', 128)));
        Assert.False(DockerIds.IsValid(new string('a', 129)));
    }
}

using DockerNetExporter.Configuration;

namespace DockerNetExporter.Tests.Configuration;

/// <summary>Which layer set a flag's value, as the line refusing it says; and appsettings.json that is no JSON.</summary>
public sealed class ConfigurationLayersTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dockernet-layers-");

    private string AppSettings => Path.Combine(directory.FullName, "appsettings.json");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void Each_layer_is_named_and_the_first_that_sets_a_value_wins()
    {
        File.WriteAllText(AppSettings, """{"Exporter":{"ListenAddress":"file:1","LogLevel":"file","ResyncInterval":"file"}}""");
        var layers = ConfigurationLayers.Load(
            AppSettings,
            new Dictionary<string, string> { ["Exporter:ListenAddress"] = "line:1" },
            Environment(("DOCKERNET_WEB_LISTEN_ADDRESS", "env:1"), ("DOCKERNET_LOG_LEVEL", "env")));

        Assert.Equal(("line:1", "env", "file"), (layers.Merged["Exporter:ListenAddress"], layers.Merged["Exporter:LogLevel"], layers.Merged["Exporter:ResyncInterval"]));
        Assert.Equal("", layers.OriginOf("--web.listen-address"));
        Assert.Equal(" (set by the environment variable DOCKERNET_LOG_LEVEL)", layers.OriginOf("--log.level"));
        Assert.Equal($" (set by Exporter:ResyncInterval in {AppSettings})", layers.OriginOf("--docker.resync-interval"));
        Assert.Equal(" (its default)", layers.OriginOf("--path.sysfs"));
        Assert.Equal("", layers.OriginOf("--interval")); // not a layered flag: the command line's
    }

    [Theory]
    [InlineData(null, null, " (its default)")]
    [InlineData("tcp://from-docker-host:2375", null, " (the value of $DOCKER_HOST, as --docker.host is not set)")]
    [InlineData("tcp://from-docker-host:2375", "", " (the value of $DOCKER_HOST, as --docker.host is not set)")] // an empty flag value defers to it
    [InlineData("tcp://from-docker-host:2375", "tcp://from-flag-variable:2375", " (set by the environment variable DOCKERNET_DOCKER_HOST)")]
    public void The_docker_host_falls_back_on_DOCKER_HOST_and_says_so(string? dockerHost, string? flagVariable, string origin)
    {
        var layers = ConfigurationLayers.Load(AppSettings, new Dictionary<string, string>(), Environment(("DOCKER_HOST", dockerHost), ("DOCKERNET_DOCKER_HOST", flagVariable)));

        Assert.Equal(dockerHost, layers.DockerHostVariable);
        Assert.Equal(origin, layers.OriginOf("--docker.host"));
    }

    [Theory]
    [InlineData("{\"Exporter\":{", "line 1, column 14: Expected depth to be zero at the end of the JSON payload.")]
    [InlineData("{\n  \"Exporter\": {\n    \"LogLevel\" \"debug\"\n  }\n}\n", "line 3, column 16: ")]
    [InlineData("[1]", "Top-level JSON element must be an object.")]
    public void A_file_that_is_no_settings_is_refused_naming_it_and_where(string json, string expected)
    {
        File.WriteAllText(AppSettings, json);

        var refused = Assert.Throws<InvalidSettingsFileException>(() => ConfigurationLayers.Load(AppSettings, new Dictionary<string, string>(), _ => null));

        Assert.StartsWith($"invalid settings file \"{AppSettings}\": {expected}", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_file_is_no_setting()
    {
        var layers = ConfigurationLayers.Load(AppSettings, new Dictionary<string, string>(), _ => null);

        Assert.Null(layers.Merged["Exporter:ListenAddress"]);
    }

    private static Func<string, string?> Environment(params (string Name, string? Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}

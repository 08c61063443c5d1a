using DockerNetExporter.Commands;
using DockerNetExporter.Configuration;
using DockerNetExporter.Hosting;

const string name = "docker-net-exporter";
ConfigurationLayers? layers = null;
try
{
    var commandLine = CommandLine.Parse(args);
    if (commandLine.ShowHelp)
    {
        Console.WriteLine(CommandLine.Usage());
        return 0;
    }

    if (commandLine.ShowVersion)
    {
        Console.WriteLine($"{name}, version {ExporterApp.Version} (revision: {ExporterApp.Revision})");
        return 0;
    }

    layers = ConfigurationLayers.Load(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), commandLine.Values, Environment.GetEnvironmentVariable);
    var settings = ExporterSettings.Load(layers.Merged, layers.DockerHostVariable);
    if (commandLine.HealthCheck)
    {
        return await HealthCheckCommand.RunAsync(settings, Console.Error);
    }

    if (commandLine.Topology)
    {
        return await TopologyCommand.RunAsync(settings, commandLine.TopologyOutput, commandLine.TopologyInterval, Console.Out, Console.Error);
    }

    await using var app = ExporterApp.Build(settings);
    await app.RunAsync();
    return 0;
}

// Each failure to start is one line and an exit code: 2 for the configuration, 1 for the environment.
catch (InvalidFlagException e)
{
    // A bad flag, or a value that names something unusable (checked before anything starts).
    return await FailAsync(e.Message + layers?.OriginOf(e.Flag), 2);
}
catch (InvalidSettingsFileException e)
{
    return await FailAsync(e.Message, 2);
}
catch (CannotListenException e)
{
    return await FailAsync(e.Message + layers?.OriginOf(e.Flag), 1);
}
catch (NoSystemdSocketException e)
{
    return await FailAsync(e.Message, 1);
}

static async Task<int> FailAsync(string line, int exitCode)
{
    await Console.Error.WriteLineAsync($"{name}: {line}");
    return exitCode;
}

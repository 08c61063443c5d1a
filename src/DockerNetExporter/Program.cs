using DockerNetExporter.Commands;
using DockerNetExporter.Configuration;
using DockerNetExporter.Hosting;

const string name = "docker-net-exporter";
ExporterSettings? settings = null;
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

    var configuration = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddInMemoryCollection(ExporterFlag.FromEnvironment(Environment.GetEnvironmentVariable))
        .AddInMemoryCollection(commandLine.Values!)
        .Build();
    settings = ExporterSettings.Load(configuration, Environment.GetEnvironmentVariable("DOCKER_HOST"));
    if (commandLine.HealthCheck)
    {
        return await HealthCheckCommand.RunAsync(settings, Console.Error);
    }

    if (commandLine.Topology)
    {
        return await TopologyCommand.RunAsync(settings, commandLine.TopologyJson, Console.Out, Console.Error);
    }

    await using var app = ExporterApp.Build(settings);
    await app.RunAsync();
    return 0;
}
catch (InvalidFlagException e)
{
    // A bad flag, or a value that names something unusable (checked before anything starts).
    await Console.Error.WriteLineAsync($"{name}: {e.Message}");
    return 2;
}
catch (NoSystemdSocketException e)
{
    await Console.Error.WriteLineAsync($"{name}: {e.Message}");
    return 1;
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync($"{name}: cannot listen on {ExporterFlag.ListenAddress.Name} {string.Join(" or ", settings?.ListenEndPoints ?? [])}: address already in use");
    return 1;
}

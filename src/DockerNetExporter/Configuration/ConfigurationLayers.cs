using System.Text.Json;

namespace DockerNetExporter.Configuration;

/// <summary>
/// The layers a flag's value is read from, the first that sets it winning: the command line, the
/// flags' environment variables, appsettings.json, then, for --docker.host alone, $DOCKER_HOST, then
/// the default. Kept apart so that the line refusing a value says which layer set it: a bad value
/// in a unit's environment file is not found by reading the command line.
/// </summary>
internal sealed class ConfigurationLayers
{
    private readonly string appSettingsPath;
    private readonly IConfiguration appSettings;
    private readonly IReadOnlyDictionary<string, string?> environmentValues;
    private readonly IReadOnlyDictionary<string, string> commandLineValues;

    private ConfigurationLayers(
        string appSettingsPath, IConfiguration appSettings, IReadOnlyDictionary<string, string?> environmentValues, IReadOnlyDictionary<string, string> commandLineValues, string? dockerHostVariable)
    {
        this.appSettingsPath = appSettingsPath;
        this.appSettings = appSettings;
        this.environmentValues = environmentValues;
        this.commandLineValues = commandLineValues;
        DockerHostVariable = dockerHostVariable;
        Merged = new ConfigurationBuilder()
            .AddConfiguration(appSettings)
            .AddInMemoryCollection(environmentValues)
            .AddInMemoryCollection(commandLineValues!)
            .Build();
    }

    /// <summary>Every layer but $DOCKER_HOST, as <see cref="ExporterSettings.Load"/> reads them.</summary>
    public IConfiguration Merged { get; }

    /// <summary>The value of DOCKER_HOST, the fallback for --docker.host.</summary>
    public string? DockerHostVariable { get; }

    /// <param name="appSettingsPath">appsettings.json, which need not exist.</param>
    /// <param name="commandLineValues">The command line's values by configuration key (<see cref="CommandLine.Values"/>).</param>
    /// <exception cref="InvalidSettingsFileException">appsettings.json exists and is not JSON, or not an object of settings.</exception>
    public static ConfigurationLayers Load(string appSettingsPath, IReadOnlyDictionary<string, string> commandLineValues, Func<string, string?> environment)
    {
        IConfiguration appSettings;
        try
        {
            appSettings = new ConfigurationBuilder().AddJsonFile(appSettingsPath, optional: true).Build();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidSettingsFileException($"invalid settings file \"{appSettingsPath}\": {Where(e)}");
        }

        return new ConfigurationLayers(appSettingsPath, appSettings, ExporterFlag.FromEnvironment(environment), commandLineValues, environment("DOCKER_HOST"));
    }

    /// <summary>
    /// Where the value of the flag named <paramref name="flagName"/> came from, as the end of the line
    /// that refuses it: nothing when from the command line (the line names the flag already).
    /// </summary>
    public string OriginOf(string flagName)
    {
        if (ExporterFlag.All.FirstOrDefault(f => f.Name == flagName) is not { } flag || commandLineValues.ContainsKey(flag.ConfigKey))
        {
            return "";
        }

        if (flag == ExporterFlag.DockerHost && string.IsNullOrEmpty(Merged[flag.ConfigKey]))
        {
            return string.IsNullOrEmpty(DockerHostVariable) ? " (its default)" : " (the value of $DOCKER_HOST, as --docker.host is not set)";
        }

        if (environmentValues.ContainsKey(flag.ConfigKey))
        {
            return $" (set by the environment variable {flag.EnvironmentVariable})";
        }

        return appSettings[flag.ConfigKey] is null ? " (its default)" : $" (set by {flag.ConfigKey} in {appSettingsPath})";
    }

    /// <summary>The parser's complaint, with its line and column (1-based) when it gives them.</summary>
    private static string Where(InvalidDataException e)
    {
        if (e.InnerException?.InnerException is JsonException { LineNumber: { } line, BytePositionInLine: { } column } json)
        {
            // Its message ends in its own "LineNumber: 0 | BytePositionInLine: 12.", counted from 0.
            var message = json.Message;
            var own = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return $"line {line + 1}, column {column + 1}: {(own < 0 ? message : message[..own])}";
        }

        return (e.InnerException ?? e).Message;
    }
}

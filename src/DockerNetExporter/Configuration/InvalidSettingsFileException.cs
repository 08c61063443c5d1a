namespace DockerNetExporter.Configuration;

/// <summary>A settings file (appsettings.json) that cannot be read as one; the message names the file, and the line and column where it can.</summary>
internal sealed class InvalidSettingsFileException(string message) : Exception(message);

namespace DockerNetExporter.Hosting;

/// <summary>--web.systemd-socket, and no listening socket passed to the process: the environment's failure, not a flag's.</summary>
internal sealed class NoSystemdSocketException(string message) : Exception(message);

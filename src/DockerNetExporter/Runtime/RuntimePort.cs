namespace DockerNetExporter.Runtime;

/// <summary>
/// A published port: one of Docker's NetworkSettings.Ports bindings, a port of the container that
/// the host forwards from <paramref name="HostIp"/>:<paramref name="HostPort"/>.
/// </summary>
/// <param name="Protocol">tcp, udp or sctp.</param>
/// <param name="HostIp">The host address bound, as the runtime wrote it; empty where it gave none (every address).</param>
internal sealed record RuntimePort(string Protocol, int ContainerPort, string HostIp, int HostPort);

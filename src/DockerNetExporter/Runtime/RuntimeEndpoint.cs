namespace DockerNetExporter.Runtime;

/// <summary>One of a container's network attachments (Docker's NetworkSettings.Networks[name]); empty strings where the runtime has none.</summary>
internal sealed record RuntimeEndpoint(
    string Network,
    string NetworkId,
    string MacAddress,
    string IPv4Address,
    string IPv6Address,
    string Gateway);

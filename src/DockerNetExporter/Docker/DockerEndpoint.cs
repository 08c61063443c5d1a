namespace DockerNetExporter.Docker;

/// <summary>One of a container's network attachments (NetworkSettings.Networks[name]); empty strings where Docker has none.</summary>
internal sealed record DockerEndpoint(
    string Network,
    string NetworkId,
    string MacAddress,
    string IPv4Address,
    string IPv6Address,
    string Gateway);

using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Docker.DotNet.Models;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Docker;

/// <summary>Turns Docker.DotNet's response models into the exporter's own records.</summary>
internal static class DockerModelConverter
{
    private const string ComposeProjectLabel = "com.docker.compose.project";
    private const string ComposeServiceLabel = "com.docker.compose.service";
    private const string BridgeNameOption = "com.docker.network.bridge.name";

    /// <summary>The longest event type or action kept ("disconnect"; the exporter acts on none longer).</summary>
    private const int EventWordChars = 64;

    /// <summary>
    /// The container as the exporter keeps it; <see cref="DockerAnswerTooLargeException"/> past
    /// <see cref="DockerLimits.ContainerKeptChars"/> or <see cref="DockerLimits.ContainerEndpoints"/>.
    /// Its published ports are bounded apart (<see cref="PublishedPorts"/>): too many are cut, not refused.
    /// </summary>
    /// <param name="keptLabels">The labels to keep (--docker.container-labels), each value bounded by <see cref="DockerLimits.LabelValueChars"/>; none if not given.</param>
    public static RuntimeContainer ToContainer(ContainerInspectResponse response, ImmutableArray<string> keptLabels = default)
    {
        var labels = response.Config?.Labels;
        var endpoints = (response.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>())
            .Where(pair => pair.Value is not null)
            .Select(pair => new RuntimeEndpoint(
                pair.Key,
                pair.Value.NetworkID ?? "",
                (pair.Value.MacAddress ?? "").ToLowerInvariant(),
                pair.Value.IPAddress ?? "",
                pair.Value.GlobalIPv6Address ?? "",
                pair.Value.Gateway ?? ""))
            .OrderBy(e => e.Network, StringComparer.Ordinal)
            .ToImmutableArray();
        var (ports, portsLeftOut) = PublishedPorts.Of(response.NetworkSettings?.Ports);
        var container = new RuntimeContainer(
            response.ID,
            (response.Name ?? "").TrimStart('/'),
            response.Config?.Image ?? response.Image ?? "",
            response.State?.Pid ?? 0,
            ParseStartedAt(response.State?.StartedAt),
            NetworkMode(response.HostConfig?.NetworkMode),
            labels is not null && labels.TryGetValue(ComposeProjectLabel, out var project) ? project : "",
            labels is not null && labels.TryGetValue(ComposeServiceLabel, out var service) ? service : "",
            endpoints,
            ports,
            portsLeftOut,
            Kept(labels, keptLabels));
        return endpoints.Length <= DockerLimits.ContainerEndpoints && KeptChars(container) <= DockerLimits.ContainerKeptChars
            ? container
            : throw new DockerAnswerTooLargeException(
                $"container {container.Id} would keep over {DockerLimits.ContainerKeptChars} characters or {DockerLimits.ContainerEndpoints} endpoints");
    }

    /// <summary>The labels asked for that the container has, or null for none.</summary>
    private static ImmutableDictionary<string, string>? Kept(IDictionary<string, string>? labels, ImmutableArray<string> keptLabels)
    {
        if (labels is null || keptLabels.IsDefaultOrEmpty)
        {
            return null;
        }

        var kept = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var name in keptLabels)
        {
            if (labels.TryGetValue(name, out var value) && value is not null)
            {
                kept[name] = LabelValue(value);
            }
        }

        return kept.Count == 0 ? null : kept.ToImmutable();
    }

    /// <summary>
    /// A label value as it may be served: cut at <see cref="DockerLimits.LabelValueChars"/>, never
    /// inside a surrogate pair, and a lone surrogate (text that is not UTF-16, which the exposition's
    /// UTF-8 cannot carry) as U+FFFD. Quotes, backslashes and newlines are the exposition's to escape.
    /// </summary>
    internal static string LabelValue(string value)
    {
        var length = Math.Min(value.Length, DockerLimits.LabelValueChars);
        if (length < value.Length && char.IsHighSurrogate(value[length - 1]) && char.IsLowSurrogate(value[length]))
        {
            length--;
        }

        var bounded = new System.Text.StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            var paired = (char.IsHighSurrogate(c) && i + 1 < length && char.IsLowSurrogate(value[i + 1]))
                || (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]));
            bounded.Append(char.IsSurrogate(c) && !paired ? '\uFFFD' : c);
        }

        return bounded.ToString();
    }

    /// <summary>
    /// HostConfig.NetworkMode as one word per mode: Docker 20.10 says "default" where 26 says
    /// "bridge" for the same container (a container run without --network).
    /// </summary>
    private static string NetworkMode(string? mode) => mode switch
    {
        null => "",
        "default" => "bridge",
        _ => mode,
    };

    private static long KeptChars(RuntimeContainer container) =>
        (long)container.Id.Length + container.Name.Length + container.Image.Length + container.NetworkMode.Length
        + container.ComposeProject.Length + container.ComposeService.Length
        + container.Endpoints.Sum(e => (long)e.Network.Length + e.NetworkId.Length + e.MacAddress.Length + e.IPv4Address.Length + e.IPv6Address.Length + e.Gateway.Length);

    public static RuntimeNetwork ToNetwork(NetworkResponse response)
    {
        string? bridgeName = null;
        if (response.Driver == "bridge")
        {
            bridgeName = response.Options is not null && response.Options.TryGetValue(BridgeNameOption, out var named) && named.Length > 0
                ? named
                : DefaultBridgeName(response.ID);
        }

        var subnets = (response.IPAM?.Config ?? [])
            .Where(c => !string.IsNullOrEmpty(c.Subnet))
            .Select(c => new RuntimeSubnet(c.Subnet, c.Gateway ?? "", c.IPRange ?? ""))
            .ToImmutableArray();
        return new RuntimeNetwork(response.ID, response.Name ?? "", response.Driver ?? "", bridgeName, subnets);
    }

    /// <summary>
    /// One line of the events stream (a JSON object), or null for a blank or malformed line, or one
    /// whose words or ids are longer than Docker's ever are: events wait in memory to be applied.
    /// </summary>
    public static DockerEvent? ToEvent(string line)
    {
        EventMessage? message;
        try
        {
            message = string.IsNullOrWhiteSpace(line) ? null : JsonSerializer.Deserialize(line, DockerEventJson.Default.EventMessage);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // ArgumentException: text that is not UTF-16 (a lone surrogate) cannot be transcoded to JSON's UTF-8.
            return null;
        }

        if (message?.Type is not { Length: <= EventWordChars } type || message.Action is not { Length: <= EventWordChars } action)
        {
            return null;
        }

        string? container = null;
        message.Actor?.Attributes?.TryGetValue("container", out container);
        var actorId = message.Actor?.ID ?? "";
        return actorId.Length <= DockerLimits.IdChars && container is not { Length: > DockerLimits.IdChars }
            ? new DockerEvent(type, action, actorId, container)
            : null;
    }

    /// <summary>
    /// Docker names a bridge network's device by its com.docker.network.bridge.name option, else
    /// br- and the first 12 characters of the network id (libnetwork drivers/bridge).
    /// </summary>
    public static string DefaultBridgeName(string networkId) => "br-" + (networkId.Length > 12 ? networkId[..12] : networkId);

    /// <summary>
    /// State.StartedAt, which Docker writes in RFC 3339 with nanoseconds (Go's time.RFC3339Nano), or null.
    /// Go's zero time, 0001-01-01T00:00:00Z, is how Docker writes a start that never happened.
    /// </summary>
    private static DateTimeOffset? ParseStartedAt(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var startedAt) && startedAt != DateTimeOffset.MinValue
            ? startedAt
            : null;
}

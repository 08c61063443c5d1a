using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Docker.DotNet.Models;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Docker;

/// <summary>
/// A container's published ports from its inspect's NetworkSettings.Ports ("80/tcp" → the host
/// bindings; a port exposed and not published has none). What is kept is bounded in count
/// (<see cref="DockerLimits.ContainerPublishedPorts"/>, the lowest first) and in length: a binding
/// is kept only if its protocol is one of Docker's, both ports are numbers of 1 to 65535, and its
/// host address is empty or an IP address (at most 45 characters, kept as .NET writes it). The rest are counted, not kept.
/// </summary>
internal static class PublishedPorts
{
    /// <summary>The longest host address kept: an IPv6 address with an IPv4 tail.</summary>
    private const int HostIpChars = 45;

    public static (ImmutableArray<RuntimePort> Kept, int LeftOut) Of(IDictionary<string, IList<PortBinding>>? ports)
    {
        if (ports is null)
        {
            return ([], 0);
        }

        var valid = new List<RuntimePort>();
        var leftOut = 0;
        foreach (var (key, bindings) in ports)
        {
            var (containerPort, protocol) = ParseKey(key);
            foreach (var binding in bindings ?? [])
            {
                if (containerPort > 0 && protocol is not null && binding is not null && Port(binding.HostPort) is { } hostPort && HostIp(binding.HostIP) is { } hostIp)
                {
                    valid.Add(new RuntimePort(protocol, containerPort, hostIp, hostPort));
                }
                else
                {
                    leftOut++;
                }
            }
        }

        var kept = valid.Distinct()
            .OrderBy(p => p.ContainerPort).ThenBy(p => p.Protocol, StringComparer.Ordinal).ThenBy(p => p.HostIp, StringComparer.Ordinal).ThenBy(p => p.HostPort)
            .ToList();
        leftOut += Math.Max(0, kept.Count - DockerLimits.ContainerPublishedPorts);
        return ([.. kept.Take(DockerLimits.ContainerPublishedPorts)], leftOut);
    }

    /// <summary>"80/tcp" → (80, "tcp"), the protocol as one of the literals below; (0, null) for anything else.</summary>
    private static (int Port, string? Protocol) ParseKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var protocol = slash < 0 ? null : key[(slash + 1)..] switch
        {
            "tcp" => "tcp",
            "udp" => "udp",
            "sctp" => "sctp",
            _ => null,
        };
        return protocol is not null && Port(key[..slash]) is { } port ? (port, protocol) : (0, null);
    }

    private static int? Port(string? text) =>
        text is { Length: > 0 and <= 5 } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : null;

    /// <summary>The address in its usual form if it is one; empty stays empty (every address).</summary>
    private static string? HostIp(string? text) => text switch
    {
        null or "" => "",
        // A scope (fe80::1%eth0) would be text of the daemon's choosing, and no published address has one.
        { Length: <= HostIpChars } when !text.Contains('%', StringComparison.Ordinal) && IPAddress.TryParse(text, out var address) => address.ToString(),
        _ => null,
    };
}

using Docker.DotNet.Models;
using DockerNetExporter.Docker;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Tests.Docker;

/// <summary>
/// NetworkSettings.Ports as Docker writes it, and as a hostile daemon could: what is kept is
/// bounded in count and every label in length, and nothing malformed is kept.
/// </summary>
public sealed class PublishedPortsTests
{
    [Fact]
    public void Docker_bindings_are_kept_ordered_and_an_exposed_port_without_binding_is_none()
    {
        // docker run -p 8080:80 -p 127.0.0.1:5353:53/udp, with EXPOSE 443 in the image (Docker 20.10's inspect).
        var (kept, leftOut) = PublishedPorts.Of(new Dictionary<string, IList<PortBinding>>
        {
            ["80/tcp"] = [new() { HostIP = "0.0.0.0", HostPort = "8080" }, new() { HostIP = "::", HostPort = "8080" }],
            ["443/tcp"] = null!,
            ["53/udp"] = [new() { HostIP = "127.0.0.1", HostPort = "5353" }],
        });

        Assert.Equal(
            [new RuntimePort("udp", 53, "127.0.0.1", 5353), new RuntimePort("tcp", 80, "0.0.0.0", 8080), new RuntimePort("tcp", 80, "::", 8080)],
            kept.ToArray());
        Assert.Equal(0, leftOut);
    }

    [Fact]
    public void No_ports_at_all_is_none()
    {
        Assert.Equal((0, 0), (PublishedPorts.Of(null).Kept.Length, PublishedPorts.Of(null).LeftOut));
    }

    /// <summary>Podman's compatible API names no host address for every address; a binding may also come twice.</summary>
    [Fact]
    public void An_empty_host_address_is_every_address_and_a_repeated_binding_is_one()
    {
        var (kept, leftOut) = PublishedPorts.Of(new Dictionary<string, IList<PortBinding>>
        {
            ["80/tcp"] = [new() { HostIP = "", HostPort = "8080" }, new() { HostIP = "", HostPort = "8080" }],
        });

        Assert.Equal(new RuntimePort("tcp", 80, "", 8080), Assert.Single(kept));
        Assert.Equal(0, leftOut);
    }

    [Theory]
    [InlineData("80/icmp", "0.0.0.0", "8080")] // a protocol Docker does not publish
    [InlineData("80/TCP", "0.0.0.0", "8080")]
    [InlineData("80", "0.0.0.0", "8080")]
    [InlineData("/tcp", "0.0.0.0", "8080")]
    [InlineData("http/tcp", "0.0.0.0", "8080")]
    [InlineData("0/tcp", "0.0.0.0", "8080")]
    [InlineData("65536/tcp", "0.0.0.0", "8080")]
    [InlineData("-80/tcp", "0.0.0.0", "8080")]
    [InlineData("99999999999999999999/tcp", "0.0.0.0", "8080")]
    [InlineData("80/tcp", "0.0.0.0", "")] // Docker's before the port is assigned
    [InlineData("80/tcp", "0.0.0.0", null)]
    [InlineData("80/tcp", "0.0.0.0", "0")]
    [InlineData("80/tcp", "0.0.0.0", "70000")]
    [InlineData("80/tcp", "0.0.0.0", " 8080")]
    [InlineData("80/tcp", "0.0.0.0", "8080-8090")]
    [InlineData("80/tcp", "localhost", "8080")]
    [InlineData("80/tcp", "fe80::1%eth0", "8080")] // a scope would be text of the daemon's choosing
    [InlineData("80/tcp", "0.0.0.0\n# HELP x", "8080")]
    public void A_malformed_binding_is_left_out_and_counted(string key, string hostIp, string? hostPort)
    {
        var (kept, leftOut) = PublishedPorts.Of(new Dictionary<string, IList<PortBinding>>
        {
            [key] = [new() { HostIP = hostIp, HostPort = hostPort! }, null!],
            ["22/tcp"] = [new() { HostIP = "0.0.0.0", HostPort = "2222" }],
        });

        Assert.Equal(new RuntimePort("tcp", 22, "0.0.0.0", 2222), Assert.Single(kept));
        Assert.Equal(2, leftOut); // the malformed binding and the null one
    }

    [Fact]
    public void A_host_address_of_any_length_is_kept_at_45_characters_or_less()
    {
        var (kept, leftOut) = PublishedPorts.Of(new Dictionary<string, IList<PortBinding>>
        {
            ["80/tcp"] =
            [
                new() { HostIP = new string('1', 1 << 20), HostPort = "8080" },
                new() { HostIP = "1.2.3.4" + new string(' ', 100), HostPort = "8081" },
                new() { HostIP = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", HostPort = "8082" }, // 45, the longest form
            ],
        });

        Assert.Equal(new RuntimePort("tcp", 80, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 8082), Assert.Single(kept)); // as .NET writes it
        Assert.Equal(2, leftOut);
    }

    /// <summary>A daemon answering 10,000 bindings (-p 10000-14999:10000-14999 on two addresses) for one container.</summary>
    [Fact]
    public void Past_64_bindings_the_lowest_ports_are_kept_and_the_rest_counted()
    {
        var ports = Enumerable.Range(10_000, 5_000).Reverse().ToDictionary(
            port => $"{port}/tcp",
            port => (IList<PortBinding>)[new() { HostIP = "0.0.0.0", HostPort = $"{port}" }, new() { HostIP = "::", HostPort = $"{port}" }]);

        var (kept, leftOut) = PublishedPorts.Of(ports);

        Assert.Equal(64, kept.Length);
        Assert.Equal(10_000 - 64, leftOut);
        Assert.Equal((10_000, "0.0.0.0"), (kept[0].ContainerPort, kept[0].HostIp));
        Assert.Equal((10_031, "::"), (kept[^1].ContainerPort, kept[^1].HostIp));
    }
}

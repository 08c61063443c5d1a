using DockerNetExporter.Docker;

namespace DockerNetExporter.Tests.Docker;

public sealed class DockerTransportTests
{
    /// <summary>Over a Unix socket the host is a name dockerd ignores; over TCP (a socket proxy, say) it is the proxy's, port kept.</summary>
    [Theory]
    [InlineData("unix:///var/run/docker.sock", "http://docker/")]
    [InlineData("unix:///run/user/1000/podman/podman.sock", "http://docker/")]
    [InlineData("tcp://proxy:2375", "http://proxy:2375/")]
    [InlineData("tcp://10.0.0.5:2375/", "http://10.0.0.5:2375/")]
    public void Requests_go_to_the_base_address_of_the_endpoint(string dockerHost, string baseAddress)
    {
        Assert.Equal(new Uri(baseAddress), DockerTransport.BaseAddress(new Uri(dockerHost)));
    }
}

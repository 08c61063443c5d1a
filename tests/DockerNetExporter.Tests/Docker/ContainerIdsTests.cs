using System.Text;
using System.Text.Json;
using DockerNetExporter.Docker;

namespace DockerNetExporter.Tests.Docker;

/// <summary>The container list, read token by token for its ids alone.</summary>
public sealed class ContainerIdsTests
{
    private const string FirstId = "d8f12879d06cebd3eedebb6231388ec124626e00b81c8fc21334d4802643abd7";

    private const string SecondId = "a1a1a1a1a1a1b2b2b2b2b2b2c3c3c3c3c3c3d4d4d4d4d4d4e5e5e5e5e5e5f6f6";

    /// <summary>As Docker 20.10 lists a Compose service on two networks, with a port and a bind mount (1.9 KB).</summary>
    private const string ComposeServiceEntry = """
        {
          "Id": "d8f12879d06cebd3eedebb6231388ec124626e00b81c8fc21334d4802643abd7",
          "Names": [
            "/shop-api-1"
          ],
          "Image": "dockernet-busybox:test",
          "ImageID": "sha256:750223ee3171dc7cc8e829675a37db8c18ac07132705d58d2f5d593980560cb1",
          "Command": "sleep 600",
          "Created": 1796052585,
          "Ports": [
            {
              "IP": "127.0.0.1",
              "PrivatePort": 80,
              "PublicPort": 18080,
              "Type": "tcp"
            }
          ],
          "Labels": {
            "com.docker.compose.config-hash": "4f1c5e3a0b8d9e2f7a6c1b3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e1f",
            "com.docker.compose.container-number": "1",
            "com.docker.compose.depends_on": "",
            "com.docker.compose.image": "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "com.docker.compose.oneoff": "False",
            "com.docker.compose.project": "myproject",
            "com.docker.compose.project.config_files": "/srv/myproject/docker-compose.yml",
            "com.docker.compose.project.working_dir": "/srv/myproject",
            "com.docker.compose.service": "web",
            "com.docker.compose.version": "2.29.1"
          },
          "State": "running",
          "Status": "Up 3 minutes",
          "HostConfig": {
            "NetworkMode": "shop_backend"
          },
          "NetworkSettings": {
            "Networks": {
              "bridge": {
                "IPAMConfig": {},
                "Links": null,
                "Aliases": null,
                "NetworkID": "09e17a2c136a24e5e58cd8355720f58547bda2b182c74a1b57d7207d2f6d873c",
                "EndpointID": "a1068cc38b14c7924fe8247fb560bf1a28bcab5e776cd639ce84675c87076ff0",
                "Gateway": "172.17.0.1",
                "IPAddress": "172.17.0.2",
                "IPPrefixLen": 16,
                "IPv6Gateway": "",
                "GlobalIPv6Address": "",
                "GlobalIPv6PrefixLen": 0,
                "MacAddress": "02:42:ac:11:00:02",
                "DriverOpts": null
              },
              "shop_backend": {
                "IPAMConfig": null,
                "Links": null,
                "Aliases": null,
                "NetworkID": "104910d9cb113340d40455f1f50ed154d70a71fa756ad6d31716aa9839881a38",
                "EndpointID": "b15d2daae2e776d3bff9d0513fa609805a6c37b7a8cc8142488635c89a090491",
                "Gateway": "172.18.0.1",
                "IPAddress": "172.18.0.2",
                "IPPrefixLen": 16,
                "IPv6Gateway": "",
                "GlobalIPv6Address": "",
                "GlobalIPv6PrefixLen": 0,
                "MacAddress": "02:42:ac:12:00:02",
                "DriverOpts": null
              }
            }
          },
          "Mounts": [
            {
              "Type": "bind",
              "Source": "/tmp",
              "Destination": "/data",
              "Mode": "",
              "RW": true,
              "Propagation": "rprivate"
            }
          ]
        }
        """;

    private static readonly string TwoComposeServices = $"[{ComposeServiceEntry},{ComposeServiceEntry.Replace(FirstId, SecondId, StringComparison.Ordinal)}]";

    [Fact]
    public async Task The_ids_are_read_and_every_other_field_skipped()
    {
        var ids = await ReadAsync(TwoComposeServices);

        Assert.Equal([FirstId, SecondId], ids);
    }

    /// <summary>[{},{},...] would be millions of objects; an entry must name a container.</summary>
    [Theory]
    [InlineData("""[{}]""")]
    [InlineData("""[null]""")]
    [InlineData("""[{"Id":""}]""")]
    [InlineData("""[{"Id":42}]""")]
    [InlineData("""[{"Id":"../../events?"}]""")]
    [InlineData("""{"Id":"a1"}""")]
    [InlineData("""[{"Id":"a1"}""")]
    [InlineData("""[{"Id":"a1"}] [""")]
    [InlineData("""[["a1"]]""")]
    [InlineData("")]
    [InlineData("null")]
    public async Task A_list_with_an_entry_that_names_no_valid_container_is_malformed(string json)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => ReadAsync(json));
    }

    /// <summary>20,000 entries are read (4 times the 5,000 containers the limits are sized for); one more is refused.</summary>
    [Fact]
    public async Task A_list_of_more_than_20000_containers_is_refused()
    {
        static string List(int count) => "[" + string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{"Id":"c{{i}}"}""")) + "]";

        Assert.Equal(20_000, (await ReadAsync(List(20_000))).Count);
        await Assert.ThrowsAsync<DockerAnswerTooLargeException>(() => ReadAsync(List(20_001)));
    }

    [Fact]
    public async Task An_empty_list_has_no_ids()
    {
        Assert.Empty(await ReadAsync(" [ ] "));
    }

    /// <summary>One entry with a 50 MB label (the list's limit is 32 MiB): refused at 1 MiB of it, not buffered whole.</summary>
    [Fact]
    public async Task A_value_over_1_MiB_is_refused_having_read_little_more()
    {
        var body = new MemoryStream(Encoding.ASCII.GetBytes("""[{"Id":"a1","Labels":{"x":" """ + new string('a', 50_000_000)));

        await Assert.ThrowsAsync<DockerAnswerTooLargeException>(() => ContainerIds.ReadAsync(body, CancellationToken.None));

        Assert.InRange(body.Position, 1 << 20, 2 << 20);
    }

    /// <summary>The entries are read as the body arrives, a few bytes at a time, tokens cut anywhere.</summary>
    [Fact]
    public async Task A_list_that_arrives_in_pieces_is_read_whole()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        var reading = ContainerIds.ReadAsync(pipe.Reader.AsStream(), CancellationToken.None);
        foreach (var piece in TwoComposeServices.Chunk(5))
        {
            await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(piece));
        }

        await pipe.Writer.CompleteAsync();

        Assert.Equal(2, (await reading).Count);
    }

    private static Task<IReadOnlyList<string>> ReadAsync(string json) =>
        ContainerIds.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);
}

using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Kernel.Procfs;

public sealed class NetNamespaceReaderTests
{
    [Theory]
    [InlineData("1", 4026531840UL)]
    [InlineData("self", 4026531840UL)]
    [InlineData("1001", 4026532001UL)] // web
    [InlineData("1005", 4026532001UL)] // sidecar, --network container:web
    [InlineData("1004", 4026531840UL)] // monitor, --network host
    public void Reads_the_inode_from_the_link_target(string pid, ulong expected)
    {
        Assert.True(NetNamespaceReader.TryRead(FixtureTree.Path("docker-host", "proc", pid, "ns", "net"), out var inode, out _));
        Assert.Equal(expected, inode);
    }

    [Fact]
    public void A_missing_process_gives_false()
    {
        Assert.False(NetNamespaceReader.TryRead(FixtureTree.Path("docker-host", "proc", "4242", "ns", "net"), out var inode, out _));
        Assert.Equal(0UL, inode);
    }

    [Fact]
    public void A_directory_gives_false()
    {
        Assert.False(NetNamespaceReader.TryRead(FixtureTree.Path("docker-host", "proc", "1001", "ns"), out _, out _));
    }

    [Fact]
    public void A_regular_file_gives_false()
    {
        using var tree = TempTree.Empty();
        File.WriteAllText(tree.Path("net"), "net:[4026532001]\n");

        Assert.False(NetNamespaceReader.TryRead(tree.Path("net"), out _, out _));
    }

    [Theory]
    [InlineData("net:[18446744073709551615]", true, ulong.MaxValue)]
    [InlineData("net:[0]", true, 0UL)]
    [InlineData("mnt:[4026531840]", false, 0UL)]
    [InlineData("net:[]", false, 0UL)]
    [InlineData("net:[abc]", false, 0UL)]
    [InlineData("net:[-1]", false, 0UL)]
    [InlineData("net:[+1]", false, 0UL)]
    [InlineData("net:[ 1]", false, 0UL)]
    [InlineData("net:[18446744073709551616]", false, 0UL)]
    [InlineData("net:4026531840", false, 0UL)]
    [InlineData("net:[4026531840", false, 0UL)]
    [InlineData("/proc/1/ns/net:[4026531840]", false, 0UL)]
    public void Only_net_colon_bracketed_inode_is_accepted(string target, bool expected, ulong expectedInode)
    {
        using var tree = TempTree.Empty();
        File.CreateSymbolicLink(tree.Path("net"), target);

        Assert.Equal(expected, NetNamespaceReader.TryRead(tree.Path("net"), out var inode, out _));
        Assert.Equal(expectedInode, inode);
    }
}

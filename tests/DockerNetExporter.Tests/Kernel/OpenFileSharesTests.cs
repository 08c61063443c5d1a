using DockerNetExporter.Kernel;

namespace DockerNetExporter.Tests.Kernel;

public sealed class OpenFileSharesTests
{
    [Theory]
    [InlineData(2048UL, 512, 512, 1024L)] // the reserve is at least 512
    [InlineData(20000UL, 512, 512, 17488L)] // else a tenth
    [InlineData(524288UL, 512, 512, 471348L)]
    [InlineData(1024UL, 512, 256, 256L)] // the connections get at most half of what the reserve leaves
    [InlineData(2048UL, 100000, 768, 768L)]
    [InlineData(20000UL, 0, 0, 18000L)] // a command that serves nothing
    [InlineData(100UL, 512, 1, 0L)] // below the reserve: one connection still, for /healthz
    [InlineData(ulong.MaxValue, 512, 512, long.MaxValue - (long.MaxValue / 10) - 512)]
    public void The_limit_less_a_reserve_is_shared_by_connections_and_series(ulong softLimit, int wantedConnections, int connections, long seriesFiles)
    {
        Assert.Equal(new OpenFileShares(connections, seriesFiles), OpenFileShares.Under(softLimit, wantedConnections));
    }
}

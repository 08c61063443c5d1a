using System.Text;
using DockerNetExporter.Namespaces;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Namespaces;

public sealed class CgroupContainerTests
{
    private const string Id = "d25dfeb32d688d04de5017e5dadbfb99cc45156e56acd2a0eb517895d9faff2c";

    /// <summary>The paths each runtime gives its containers' cgroups, as /proc/PID/cgroup shows them.</summary>
    [Theory]
    [InlineData("0::/system.slice/docker-" + Id + ".scope\n")]                         // Docker, systemd driver, cgroup v2
    [InlineData("0::/docker/" + Id + "\n")]                                             // Docker, cgroupfs driver, cgroup v2
    [InlineData("12:memory:/docker/" + Id + "\n1:name=systemd:/docker/" + Id + "\n")]  // cgroup v1, every hierarchy
    [InlineData("0::/machine.slice/libpod-" + Id + ".scope/container\n")]              // Podman 4, whose process sits a level below
    [InlineData("0::/libpod_parent/libpod-" + Id + "\n")]                               // Podman, cgroupfs manager
    [InlineData("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1a2b.slice/cri-containerd-" + Id + ".scope\n")]
    [InlineData("0::/kubepods/besteffort/pod1a2b3c4d-0000-1111-2222-333344445555/" + Id + "\n")]
    [InlineData("0::/system.slice/crio-" + Id + ".scope\n")]
    [InlineData("0::/default/" + Id + "\n")]                                            // containerd's namespace "default" (ctr run)
    public void Finds_the_container_id_in_each_runtime_s_path(string cgroup)
    {
        Assert.True(CgroupContainer.TryParse(Encoding.UTF8.GetBytes(cgroup), out var id));

        Assert.Equal(Id, id);
    }

    [Theory]
    [InlineData("0::/\n")]                                                   // the root: a host process
    [InlineData("0::/user.slice/user-0.slice/session-3.scope\n")]            // a login session
    [InlineData("0::/system.slice/ssh.service\n")]
    [InlineData("0::/docker/" + "D25DFEB32D688D04DE5017E5DADBFB99CC45156E56ACD2A0EB517895D9FAFF2C" + "\n")] // ids are lower-case hex
    [InlineData("0::/docker/d25dfeb32d688d04de5017e5dadbfb99cc45156e56acd2a0eb517895d9faff2\n")]           // 63 characters
    [InlineData("")]
    public void Finds_nothing_where_no_container_is_named(string cgroup)
    {
        Assert.False(CgroupContainer.TryParse(Encoding.UTF8.GetBytes(cgroup), out var id));
        Assert.Equal("", id);
    }

    [Fact]
    public void The_deepest_segment_that_names_a_container_wins()
    {
        // A container nested in another's cgroup (docker-in-docker): the inner one is the process's.
        var inner = new string('b', 64);
        Assert.True(CgroupContainer.TryParse(Encoding.UTF8.GetBytes($"0::/docker/{Id}/docker/{inner}\n"), out var id));

        Assert.Equal(inner, id);
    }

    [Fact]
    public void Garbage_never_throws_and_never_yields_anything_but_an_id()
    {
        var random = new Random(5150);
        for (var i = 0; i < Count; i++)
        {
            if (CgroupContainer.TryParse(Garbage(random), out var id))
            {
                Assert.Matches("^[0-9a-f]{64}$", id);
            }
        }
    }
}

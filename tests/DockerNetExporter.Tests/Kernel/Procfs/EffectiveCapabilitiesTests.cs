using System.Text;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Kernel.Procfs;

public sealed class EffectiveCapabilitiesTests
{
    /// <summary>
    /// /proc/PID/status of the exporter as the systemd unit runs it (as read under systemd-nspawn):
    /// bits 2 (CAP_DAC_READ_SEARCH) and 19 (CAP_SYS_PTRACE), nothing else.
    /// </summary>
    private const string UnitStatus =
        "Name:\tDockerNetExporte\nUid:\t997\t997\t997\t997\nGroups:\t106 997 \nCapInh:\t0000000000080004\nCapPrm:\t0000000000080004\n" +
        "CapEff:\t0000000000080004\nCapBnd:\t0000000000080004\nCapAmb:\t0000000000080004\nNoNewPrivs:\t1\n";

    [Fact]
    public void The_units_capabilities_are_read_from_CapEff()
    {
        using var tree = TempTree.Empty();
        var status = tree.Path("status");
        File.WriteAllText(status, UnitStatus);

        var capabilities = EffectiveCapabilities.Read(status);

        Assert.True(capabilities.Has(Capability.DacReadSearch));
        Assert.True(capabilities.Has(Capability.SysPtrace));
        Assert.False(capabilities.Has(Capability.SysAdmin));
        Assert.Equal("the exporter lacks CAP_SYS_ADMIN", capabilities.WhyRefused(Capability.SysAdmin));
        Assert.StartsWith("not for want of CAP_SYS_PTRACE, which the exporter has: ", capabilities.WhyRefused(Capability.SysPtrace), StringComparison.Ordinal);
    }

    [Fact]
    public void Root_with_every_capability_has_each()
    {
        Assert.True(EffectiveCapabilities.TryParse("CapEff:\t000001ffffffffff\n"u8, out var effective));

        Assert.Equal(0x1ff_ffff_ffffUL, effective);
    }

    [Theory]
    [InlineData("CapInh:\t0000000000080004\n")]
    [InlineData("CapEff:\t\n")]
    [InlineData("CapEff:\t00000000000800zz\n")]
    [InlineData("CapEff:\t-000000000080004\n")]
    [InlineData("CapEff:\t00000000000000000080004\n")]
    public void A_missing_or_malformed_CapEff_is_refused(string status)
    {
        Assert.False(EffectiveCapabilities.TryParse(Encoding.ASCII.GetBytes(status), out _));
    }

    [Fact]
    public void Unreadable_capabilities_are_unknown_and_said_so()
    {
        var capabilities = EffectiveCapabilities.Read("/nonexistent/status");

        Assert.Null(capabilities.Has(Capability.SysPtrace));
        Assert.Contains("whether the exporter has CAP_SYS_PTRACE is unknown", capabilities.WhyRefused(Capability.SysPtrace), StringComparison.Ordinal);
    }
}

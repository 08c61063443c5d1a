using System.Text;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Sysfs;

namespace DockerNetExporter.Tests.Kernel.Sysfs;

public sealed class SysfsParserTests
{
    [Theory]
    [InlineData("0\n", 0UL)]
    [InlineData("42\n", 42UL)]
    [InlineData("42", 42UL)]
    [InlineData("1500\r\n", 1500UL)]
    [InlineData("  7 \n", 7UL)]
    [InlineData("\t9\t\n", 9UL)]
    [InlineData("000123\n", 123UL)]
    [InlineData("4294967296\n", 4294967296UL)] // past 32 bits: rx_bytes of a busy interface
    [InlineData("18446744073709551615\n", ulong.MaxValue)] // 2^64-1, the largest value a 64-bit counter shows
    public void UInt64_accepts_what_the_kernel_prints(string content, ulong expected)
    {
        Assert.True(KernelNumbers.TryParseUInt64(Encoding.ASCII.GetBytes(content), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("18446744073709551616\n")] // 2^64: overflow
    [InlineData("99999999999999999999999\n")]
    [InlineData("-1\n")]
    [InlineData("-0\n")]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("   \n")]
    [InlineData("abc\n")]
    [InlineData("12abc\n")]
    [InlineData("1 2\n")]
    [InlineData("1.5\n")]
    [InlineData("0x10\n")]
    [InlineData("1e3\n")]
    [InlineData("12\n13\n")]
    [InlineData("\n12")]
    public void UInt64_rejects_anything_else(string content)
    {
        Assert.False(KernelNumbers.TryParseUInt64(Encoding.ASCII.GetBytes(content), out _));
    }

    [Fact]
    public void UInt64_rejects_a_nul_padded_value()
    {
        Assert.False(KernelNumbers.TryParseUInt64([(byte)'1', 0, (byte)'\n'], out _));
    }

    [Theory]
    [InlineData("1\n", 1)]
    [InlineData("2147483647\n", int.MaxValue)]
    public void Int32_accepts_ifindex_values(string content, int expected)
    {
        Assert.True(KernelNumbers.TryParseInt32(Encoding.ASCII.GetBytes(content), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("2147483648\n")]
    [InlineData("-1\n")] // ifindex, iflink and mtu are never negative
    [InlineData("18446744073709551616\n")]
    [InlineData("abc\n")]
    [InlineData("")]
    [InlineData("\n")]
    public void Int32_rejects_overflow_and_garbage(string content)
    {
        Assert.False(KernelNumbers.TryParseInt32(Encoding.ASCII.GetBytes(content), out _));
    }

    [Theory]
    [InlineData("up\n", true)]
    [InlineData("up", true)]
    [InlineData("down\n", false)]
    [InlineData("unknown\n", false)] // lo, and veths on some kernels
    [InlineData("notpresent\n", false)]
    [InlineData("lowerlayerdown\n", false)] // a veth whose peer is down
    [InlineData("testing\n", false)]
    [InlineData("dormant\n", false)]
    public void OperState_knows_the_RFC_2863_words(string content, bool expectedUp)
    {
        Assert.True(SysfsParser.TryParseOperStateUp(Encoding.ASCII.GetBytes(content), out var up));
        Assert.Equal(expectedUp, up);
    }

    [Theory]
    [InlineData("UP\n")]
    [InlineData("upp\n")]
    [InlineData("sideways\n")]
    [InlineData("1\n")]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("up down\n")]
    public void OperState_rejects_other_words(string content)
    {
        Assert.False(SysfsParser.TryParseOperStateUp(Encoding.ASCII.GetBytes(content), out var up));
        Assert.False(up);
    }

    [Theory]
    [InlineData("02:42:ac:11:00:02\n", "02:42:ac:11:00:02")]
    [InlineData("02:42:AC:11:00:02\n", "02:42:ac:11:00:02")] // lower-cased, as Docker's MAC is
    [InlineData("00:00:00:00:00:00\n", "00:00:00:00:00:00")] // lo
    [InlineData("00:00:00:00\n", "00:00:00:00")] // ipip/sit tunnels: 4 bytes
    public void Mac_address_is_checked_and_lower_cased(string content, string expected)
    {
        Assert.True(SysfsParser.TryParseMacAddress(Encoding.ASCII.GetBytes(content), out var address));
        Assert.Equal(expected, address);
    }

    [Theory]
    [InlineData("02:42:zz:00:00:20\n")]
    [InlineData("02-42-ac-11-00-02\n")]
    [InlineData("0242ac110002\n")]
    [InlineData("02:42:ac:11:00:0\n")]
    [InlineData("02:42:ac:11:00:02:\n")]
    [InlineData(":02:42:ac:11:00:02\n")]
    [InlineData("2:42:ac:11:00:02\n")]
    public void Mac_address_rejects_garbage(string content)
    {
        Assert.False(SysfsParser.TryParseMacAddress(Encoding.ASCII.GetBytes(content), out var address));
        Assert.Equal("", address);
    }

    /// <summary>tun, wireguard and ipip devices have no hardware address: the kernel prints an empty line.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void Mac_address_of_a_device_without_one_is_empty(string content)
    {
        Assert.True(SysfsParser.TryParseMacAddress(Encoding.ASCII.GetBytes(content), out var address));
        Assert.Equal("", address);
    }
}

using DockerNetExporter.Hosting;

namespace DockerNetExporter.Tests.Hosting;

/// <summary>sd_listen_fds(3)'s rules: the sockets are for the process LISTEN_PID names, LISTEN_FDS of them from descriptor 3.</summary>
public sealed class SystemdSocketsTests
{
    private const int ThisProcess = 4242;

    [Theory]
    [InlineData("1", new ulong[] { 3 })]
    [InlineData("3", new ulong[] { 3, 4, 5 })]
    public void The_sockets_passed_to_this_process_are_the_descriptors_from_3(string listenFds, ulong[] expected)
    {
        var sockets = SystemdSockets.Passed(ThisProcess, Environment(("LISTEN_PID", "4242"), ("LISTEN_FDS", listenFds)));

        Assert.Equal(expected, sockets);
    }

    [Fact]
    public void Nothing_passed_is_refused_naming_the_flag_and_the_variables()
    {
        var refused = Assert.Throws<NoSystemdSocketException>(() => SystemdSockets.Passed(ThisProcess, Environment()));

        Assert.Equal(
            "--web.systemd-socket: systemd passed no socket (LISTEN_PID and LISTEN_FDS are not set): start it through its .socket unit, or without --web.systemd-socket",
            refused.Message);
    }

    /// <summary>A parent's sockets, inherited by a child it started (the variables are passed on unless unset): not this process's to take.</summary>
    [Theory]
    [InlineData("1")]
    [InlineData("4243")]
    [InlineData("x")]
    public void Sockets_for_another_process_are_refused(string listenPid)
    {
        var refused = Assert.Throws<NoSystemdSocketException>(() => SystemdSockets.Passed(ThisProcess, Environment(("LISTEN_PID", listenPid), ("LISTEN_FDS", "1"))));

        Assert.Contains($"are for process {listenPid} (LISTEN_PID), not this one (4242)", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("65")]
    [InlineData("99999999999")]
    [InlineData("")]
    public void A_count_of_sockets_out_of_range_is_refused(string listenFds)
    {
        var refused = Assert.Throws<NoSystemdSocketException>(() => SystemdSockets.Passed(ThisProcess, Environment(("LISTEN_PID", "4242"), ("LISTEN_FDS", listenFds))));

        Assert.Equal($"--web.systemd-socket: LISTEN_FDS is \"{listenFds}\", not a number of sockets from 1 to 64", refused.Message);
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}

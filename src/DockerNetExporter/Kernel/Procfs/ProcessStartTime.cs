namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// When a process started, in wall-clock time, from procfs (proc(5)): /proc/PID/stat field 22,
/// starttime, counts clock ticks since boot, and the btime line of /proc/stat is the boot time in
/// Unix seconds. A pid names one process for that process's whole life, so a pid whose process
/// started at the expected time still belongs to the expected process. Malformed content is
/// rejected, never thrown.
/// </summary>
internal static class ProcessStartTime
{
    private const long TimeSpanTicksPerClockTick = TimeSpan.TicksPerSecond / ProcessStat.ClockTicksPerSecond;

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>The boot time from /proc/stat.</summary>
    public static bool TryReadBootTime(string procStatPath, out DateTimeOffset bootTime)
    {
        bootTime = default;
        if (!ProcFile.TryReadAll(procStatPath, out var content) || !TryParseBootTime(content, out var seconds))
        {
            return false;
        }

        bootTime = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    /// <summary>When the process of a /proc/PID/stat file started, given the boot time.</summary>
    public static bool TryRead(string processStatPath, DateTimeOffset bootTime, out DateTimeOffset startedAt)
    {
        startedAt = default;
        if (!ProcFile.TryReadAll(processStatPath, out var content) || !ProcessStat.TryParseStartTicks(content, out var ticks)
            || ticks > (ulong)((DateTimeOffset.MaxValue.UtcTicks - bootTime.UtcTicks) / TimeSpanTicksPerClockTick))
        {
            return false;
        }

        startedAt = new DateTimeOffset(bootTime.UtcTicks + ((long)ticks * TimeSpanTicksPerClockTick), TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// The btime line of /proc/stat (fs/proc/stat.c prints it as <c>btime %llu</c>), a time that
    /// <see cref="DateTimeOffset"/> can hold.
    /// </summary>
    public static bool TryParseBootTime(ReadOnlySpan<byte> procStat, out long unixSeconds)
    {
        unixSeconds = 0;
        if (!ProcFile.TryFindLine(procStat, "btime "u8, out var rest) || !KernelNumbers.TryParseUInt64(rest, out var seconds) || seconds > (ulong)MaxUnixSeconds)
        {
            return false;
        }

        unixSeconds = (long)seconds;
        return true;
    }
}

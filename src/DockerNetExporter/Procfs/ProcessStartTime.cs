using DockerNetExporter.Sysfs;

namespace DockerNetExporter.Procfs;

/// <summary>
/// When a process started, in wall-clock time, from procfs (proc(5)): /proc/PID/stat field 22,
/// starttime, counts clock ticks since boot, and the btime line of /proc/stat is the boot time in
/// Unix seconds. A pid names one process for that process's whole life, so a pid whose process
/// started at the expected time still belongs to the expected process. Malformed content is
/// rejected, never thrown.
/// </summary>
internal static class ProcessStartTime
{
    /// <summary>
    /// USER_HZ, the unit of starttime and what sysconf(_SC_CLK_TCK) returns: 100 on every
    /// architecture Docker runs on (include/asm-generic/param.h).
    /// </summary>
    private const int ClockTicksPerSecond = 100;

    private const long TimeSpanTicksPerClockTick = TimeSpan.TicksPerSecond / ClockTicksPerSecond;

    /// <summary>Field 22 of /proc/PID/stat, counting from 1 as proc(5) does.</summary>
    private const int StartTimeField = 22;

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>The boot time from /proc/stat.</summary>
    public static bool TryReadBootTime(string procStatPath, out DateTimeOffset bootTime)
    {
        bootTime = default;
        if (!TryReadAll(procStatPath, out var content) || !TryParseBootTime(content, out var seconds))
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
        if (!TryReadAll(processStatPath, out var content) || !TryParseStartTicks(content, out var ticks)
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
        var key = "btime "u8;
        foreach (var range in procStat.Split((byte)'\n'))
        {
            var line = procStat[range];
            if (line.StartsWith(key))
            {
                var ok = SysfsParser.TryParseUInt64(line[key.Length..], out var seconds) && seconds <= (ulong)MaxUnixSeconds;
                unixSeconds = ok ? (long)seconds : 0;
                return ok;
            }
        }

        return false;
    }

    /// <summary>
    /// Field 22 of a /proc/PID/stat line (fs/proc/array.c, do_task_stat): <c>PID (COMM) S PPID ...</c>.
    /// COMM is the process's name as it set it, and may hold spaces and ')', so the fields are
    /// counted from the last ')', which the kernel follows with a space.
    /// </summary>
    public static bool TryParseStartTicks(ReadOnlySpan<byte> processStat, out ulong ticks)
    {
        ticks = 0;
        var close = processStat.LastIndexOf((byte)')');
        if (close < 0)
        {
            return false;
        }

        // The rest reads " S PPID ...": the empty text before its first space ends field 2.
        var rest = processStat[(close + 1)..];
        var field = 2;
        foreach (var range in rest.Split((byte)' '))
        {
            var text = rest[range];
            if (field == 2 && !text.IsEmpty)
            {
                return false;
            }

            if (field == StartTimeField)
            {
                // SysfsParser leaves the digits it got through in its out value when it fails.
                var ok = SysfsParser.TryParseUInt64(text, out var value);
                ticks = ok ? value : 0;
                return ok;
            }

            field++;
        }

        return false;
    }

    private static bool TryReadAll(string path, out byte[] content)
    {
        try
        {
            // procfs reports a size of 0: ReadAllBytes then reads to the end.
            content = File.ReadAllBytes(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            content = [];
            return false;
        }
    }
}

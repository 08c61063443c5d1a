using DockerNetExporter.Sysfs;

namespace DockerNetExporter.Procfs;

/// <summary>
/// The fields of one /proc/PID/stat line that the exporter uses (proc(5); fs/proc/array.c,
/// do_task_stat). Times are in clock ticks (USER_HZ), sizes as the kernel counts them.
/// </summary>
internal readonly record struct ProcessStat(
    ulong UserTicks, ulong SystemTicks, ulong Threads, ulong StartTicks, ulong VirtualBytes, ulong ResidentPages)
{
    /// <summary>
    /// USER_HZ, the unit of the time fields and what sysconf(_SC_CLK_TCK) returns: 100 on every
    /// architecture Docker runs on (include/asm-generic/param.h).
    /// </summary>
    public const int ClockTicksPerSecond = 100;

    // Field numbers counting from 1, as proc(5) does.
    private const int UserTimeField = 14;
    private const int SystemTimeField = 15;
    private const int ThreadsField = 20;
    private const int StartTimeField = 22;
    private const int VirtualSizeField = 23;
    private const int ResidentSetField = 24;

    public static bool TryParse(ReadOnlySpan<byte> processStat, out ProcessStat stat)
    {
        var ok = TryParseField(processStat, UserTimeField, out var user)
            & TryParseField(processStat, SystemTimeField, out var system)
            & TryParseField(processStat, ThreadsField, out var threads)
            & TryParseField(processStat, StartTimeField, out var start)
            & TryParseField(processStat, VirtualSizeField, out var virtualBytes)
            & TryParseField(processStat, ResidentSetField, out var residentPages);
        stat = ok ? new ProcessStat(user, system, threads, start, virtualBytes, residentPages) : default;
        return ok;
    }

    /// <summary>Field 22, when the process started, in clock ticks since boot.</summary>
    public static bool TryParseStartTicks(ReadOnlySpan<byte> processStat, out ulong ticks) =>
        TryParseField(processStat, StartTimeField, out ticks);

    /// <summary>
    /// One unsigned field of <c>PID (COMM) S PPID ...</c>. COMM is the process's name as it set it,
    /// and may hold spaces and ')', so the fields are counted from the last ')', which the kernel
    /// follows with a space.
    /// </summary>
    private static bool TryParseField(ReadOnlySpan<byte> processStat, int number, out ulong value)
    {
        value = 0;
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

            if (field == number)
            {
                // SysfsParser leaves the digits it got through in its out value when it fails.
                var ok = SysfsParser.TryParseUInt64(text, out var parsed);
                value = ok ? parsed : 0;
                return ok;
            }

            field++;
        }

        return false;
    }
}

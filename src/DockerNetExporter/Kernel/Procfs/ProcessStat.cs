namespace DockerNetExporter.Kernel.Procfs;

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
        // One pass over the line, fields UserTimeField to ResidentSetField.
        Span<ulong> fields = stackalloc ulong[ResidentSetField - UserTimeField + 1];
        var ok = TryParseFields(processStat, UserTimeField, fields);
        stat = ok
            ? new ProcessStat(
                fields[0], fields[SystemTimeField - UserTimeField], fields[ThreadsField - UserTimeField],
                fields[StartTimeField - UserTimeField], fields[VirtualSizeField - UserTimeField], fields[ResidentSetField - UserTimeField])
            : default;
        return ok;
    }

    /// <summary>Field 22, when the process started, in clock ticks since boot.</summary>
    public static bool TryParseStartTicks(ReadOnlySpan<byte> processStat, out ulong ticks)
    {
        Span<ulong> field = stackalloc ulong[1];
        var ok = TryParseFields(processStat, StartTimeField, field);
        ticks = field[0];
        return ok;
    }

    /// <summary>
    /// Consecutive unsigned fields of <c>PID (COMM) S PPID ...</c>, from field <paramref name="first"/>
    /// on, into <paramref name="values"/>; all or nothing (values zeroed on failure). COMM is the
    /// process's name as it set it, and may hold spaces and ')', so the fields are counted from the
    /// last ')', which the kernel follows with a space.
    /// </summary>
    private static bool TryParseFields(ReadOnlySpan<byte> processStat, int first, Span<ulong> values)
    {
        values.Clear();
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

            if (field >= first)
            {
                if (!KernelNumbers.TryParseUInt64(text, out values[field - first]))
                {
                    values.Clear(); // SysfsParser leaves the digits it got through in its out value when it fails
                    return false;
                }

                if (field == first + values.Length - 1)
                {
                    return true;
                }
            }

            field++;
        }

        values.Clear();
        return false;
    }
}

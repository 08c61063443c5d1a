using System.Text;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// The format of /proc/PID/net/snmp and /proc/PID/net/netstat (net/ipv4/proc.c): each section is a
/// line of names and then a line of values, both starting with the section's prefix
/// (<c>Tcp: RtoAlgorithm RtoMin ...</c> / <c>Tcp: 1 200 ...</c>), the n-th value the n-th name's.
/// Columns are found by name in the names line, never by position: kernels add fields (Ip's
/// OutTransmits, 6.3) and the order is their table's. The columns found are kept, and found again
/// only when the names line changes, so a read allocates nothing once warm. A section is taken whole
/// or not at all: a wanted name missing, a wanted value that is not a 64-bit unsigned number, or a
/// values line with another count of columns (a torn or foreign pair) leave it out. Thread-safe.
/// </summary>
internal sealed class SnmpTable
{
    private readonly Section[] sections;
    private readonly Layout?[] layouts;

    /// <param name="sections">Each section's prefix and the names wanted from it; values are laid out in this order.</param>
    public SnmpTable(params (string Prefix, string[] Names)[] sections)
    {
        var first = 0;
        this.sections = new Section[sections.Length];
        for (var i = 0; i < sections.Length; i++)
        {
            this.sections[i] = new Section(Encoding.ASCII.GetBytes(sections[i].Prefix + ":"), [.. sections[i].Names.Select(Encoding.ASCII.GetBytes)], first);
            first += sections[i].Names.Length;
        }

        layouts = new Layout?[sections.Length];
        FieldCount = first;
    }

    /// <summary>Values wanted, all sections together.</summary>
    public int FieldCount { get; }

    /// <summary>
    /// Takes the wanted values of every section found whole into <paramref name="values"/>
    /// (<see cref="FieldCount"/> long, in the order the sections and names were given).
    /// Only the first pair of lines of a section counts: the kernel writes each once.
    /// </summary>
    /// <returns>A bit per section, set for each taken whole.</returns>
    public int Parse(ReadOnlySpan<byte> text, Span<ulong> values)
    {
        var taken = 0;
        var seen = 0;
        var pending = -1;
        ReadOnlySpan<byte> names = default;
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            var section = SectionOf(line);
            if (pending >= 0 && section == pending)
            {
                seen |= 1 << pending;
                var prefix = sections[pending].Prefix.Length;
                if (TryTake(pending, names[prefix..], line[prefix..], values))
                {
                    taken |= 1 << pending;
                }

                pending = -1;
                continue;
            }

            // A line of a section not paired yet is its names line, if the next one is its values line.
            pending = section >= 0 && (seen & (1 << section)) == 0 ? section : -1;
            names = line;
        }

        return taken;
    }

    private int SectionOf(ReadOnlySpan<byte> line)
    {
        for (var i = 0; i < sections.Length; i++)
        {
            if (line.StartsWith(sections[i].Prefix))
            {
                return i;
            }
        }

        return -1;
    }

    private bool TryTake(int index, ReadOnlySpan<byte> names, ReadOnlySpan<byte> line, Span<ulong> values)
    {
        var section = sections[index];
        var layout = Volatile.Read(ref layouts[index]);
        if (layout is null || !names.SequenceEqual(layout.Names))
        {
            layout = Layout.Of(section, names);
            Volatile.Write(ref layouts[index], layout);
        }

        if (!layout.HasAll)
        {
            return false;
        }

        var column = 0;
        foreach (var range in line.Split((byte)' '))
        {
            var token = line[range];
            if (token.IsEmpty)
            {
                continue;
            }

            for (var field = 0; field < section.Names.Length; field++)
            {
                if (layout.Columns[field] == column && !KernelNumbers.TryParseUInt64(token, out values[section.FirstField + field]))
                {
                    return false;
                }
            }

            column++;
        }

        return column == layout.ColumnCount;
    }

    /// <param name="Prefix">The prefix and its colon, "Tcp:".</param>
    /// <param name="FirstField">Where its values start among all sections'.</param>
    private sealed record Section(byte[] Prefix, byte[][] Names, int FirstField);

    /// <summary>Where each wanted name is among a names line's columns (-1: not there), for that exact line.</summary>
    private sealed record Layout(byte[] Names, int[] Columns, int ColumnCount, bool HasAll)
    {
        public static Layout Of(Section section, ReadOnlySpan<byte> names)
        {
            var columns = new int[section.Names.Length];
            Array.Fill(columns, -1);
            var column = 0;
            foreach (var range in names.Split((byte)' '))
            {
                var name = names[range];
                if (name.IsEmpty)
                {
                    continue;
                }

                for (var field = 0; field < columns.Length; field++)
                {
                    if (columns[field] < 0 && name.SequenceEqual(section.Names[field]))
                    {
                        columns[field] = column;
                    }
                }

                column++;
            }

            return new Layout(names.ToArray(), columns, column, Array.IndexOf(columns, -1) < 0);
        }
    }
}

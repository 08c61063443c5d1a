using System.Globalization;
using System.Text.Json;
using Docker.DotNet.Models;
using DockerNetExporter.Docker;
using static DockerNetExporter.Tests.Infrastructure.FuzzInput;

namespace DockerNetExporter.Tests.Docker;

/// <summary>
/// What the converter makes of <see cref="Count"/> seeded random strings: events lines as dockerd
/// writes them, which must convert to their event; those lines mutated or cut short, random text
/// and deep nesting, which must give null or an event, never an exception. Likewise State.StartedAt.
/// </summary>
public sealed class DockerModelConverterFuzzTests
{
    [Fact]
    public void ToEvent_on_random_lines()
    {
        var random = new Random(576);
        for (var i = 0; i < Count; i++)
        {
            var expected = new DockerEvent(Word(random), Word(random), Word(random), random.Next(2) == 0 ? null : Word(random));
            var line = EventLine(expected);
            var input = (i % 5) switch
            {
                0 => line,
                1 => Mutated(random, line),
                2 => line[..random.Next(0, line.Length + 1)],
                3 => new string('[', random.Next(1, 2000)) + new string(']', random.Next(0, 2000)),
                _ => random.Next(2) == 0 ? Printable(random, random.Next(0, 100)) : AnyChars(random, random.Next(0, 100)),
            };

            var dockerEvent = DockerModelConverter.ToEvent(input);

            Assert.True(i % 5 != 0 || dockerEvent == expected, $"input {i}: {input}");
        }
    }

    [Fact]
    public void StartedAt_on_random_text()
    {
        var random = new Random(3339);
        for (var i = 0; i < Count; i++)
        {
            var expected = new DateTimeOffset(random.NextInt64(new DateTime(1970, 1, 1).Ticks, new DateTime(2100, 1, 1).Ticks), TimeSpan.Zero);
            var text = Rfc3339Nano(random, expected);
            var input = (i % 4) switch
            {
                0 => text,
                1 => Mutated(random, text),
                2 => text[..random.Next(0, text.Length + 1)],
                _ => random.Next(2) == 0 ? Printable(random, random.Next(0, 40)) : AnyChars(random, random.Next(0, 40)),
            };

            var container = DockerModelConverter.ToContainer(new ContainerInspectResponse { ID = "a", State = new State { StartedAt = input } });

            Assert.True(i % 4 != 0 || container.StartedAt == expected, $"input {i}: {input} gave {container.StartedAt:o}");
        }
    }

    /// <summary>A line of GET /events: a JSON object, its strings escaped as dockerd's encoder escapes them.</summary>
    private static string EventLine(DockerEvent e)
    {
        var attributes = e.Container is null ? new Dictionary<string, string> { ["name"] = "web" } : new Dictionary<string, string> { ["container"] = e.Container };
        return JsonSerializer.Serialize(new { status = e.Action, id = e.ActorId, e.Type, e.Action, Actor = new { ID = e.ActorId, Attributes = attributes }, scope = "local", time = 1795810418 });
    }

    /// <summary>Any text but lone surrogates, which no UTF-8 stream decodes to: quotes, backslashes and control characters too.</summary>
    private static string Word(Random random) => new([.. Enumerable.Range(0, random.Next(1, 20)).Select(_ => (char)(random.Next(3) == 0 ? random.Next(0, 0xd800) : random.Next(0x20, 0x7f)))]);

    /// <summary>
    /// Go's time.RFC3339Nano, as Docker writes StartedAt: nanoseconds without trailing zeros (and
    /// no fraction at all for a whole second), in UTC or, now and then, with an offset.
    /// </summary>
    private static string Rfc3339Nano(Random random, DateTimeOffset time)
    {
        var offset = random.Next(3) == 0 ? TimeSpan.FromMinutes(random.Next(-12 * 60, 14 * 60 + 1)) : TimeSpan.Zero;
        var local = time.ToOffset(offset);
        var fraction = (local.Ticks % TimeSpan.TicksPerSecond).ToString("0000000", CultureInfo.InvariantCulture) + "00";
        fraction = fraction.TrimEnd('0');
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            + (fraction.Length > 0 ? "." + fraction : "")
            + (offset == TimeSpan.Zero ? "Z" : local.ToString("zzz", CultureInfo.InvariantCulture));
    }
}

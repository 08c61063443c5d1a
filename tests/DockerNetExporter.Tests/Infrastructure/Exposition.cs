using System.Globalization;
using System.Text;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>One sample line of the Prometheus text format.</summary>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, string ValueText)
{
    public bool Has(params (string Name, string Value)[] labels) =>
        labels.All(l => Labels.TryGetValue(l.Name, out var v) && v == l.Value);

    public override string ToString() => $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {ValueText}";
}

/// <summary>A small parser of the text exposition format, enough to look samples up by name and labels.</summary>
internal sealed class Exposition
{
    private Exposition(string text, IReadOnlyList<Sample> samples)
    {
        Text = text;
        Samples = samples;
    }

    public string Text { get; }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>What the registry exports now.</summary>
    public static async Task<Exposition> ExportAsync(Prometheus.CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Parse(Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static Exposition Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new Exposition(text, samples);
    }

    /// <summary>The samples of a metric whose labels include all of <paramref name="labels"/>.</summary>
    public IReadOnlyList<Sample> All(string name, params (string Name, string Value)[] labels) =>
        [.. Samples.Where(s => s.Name == name && s.Has(labels))];

    /// <summary>The one sample of a metric whose labels include all of <paramref name="labels"/>; fails if there is not exactly one.</summary>
    public Sample Single(string name, params (string Name, string Value)[] labels)
    {
        var found = All(name, labels);
        Assert.True(
            found.Count == 1,
            $"expected one sample {name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}, found {found.Count} in:\n{Text}");
        return found[0];
    }

    public double Value(string name, params (string Name, string Value)[] labels) => Single(name, labels).Value;

    private static Sample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var labelName = line[i..equals];
                i = equals + 2; // past ="
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', var c => c });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                labels[labelName] = value.ToString();
                i++; // past the closing quote
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++; // past }
        }

        var valueText = line[(i + 1)..].Split(' ')[0];
        return new Sample(name, labels, double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture), valueText);
    }
}

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DockerNetExporter.Configuration;

/// <summary>Reading YAML nodes as yaml.v2 would into the toolkit's structs; each error is a YamlException at the node.</summary>
internal static class YamlNodes
{
    public static bool IsNull(YamlNode? node) =>
        node is null || (node is YamlScalarNode { Value: null or "" or "~" or "null" or "Null" or "NULL" } scalar && scalar.Style == ScalarStyle.Plain);

    /// <summary>A mapping's entries; a null node is an empty mapping.</summary>
    public static Dictionary<string, YamlNode> Mapping(YamlNode? node, string what)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (IsNull(node))
        {
            return entries;
        }

        if (node is not YamlMappingNode mapping)
        {
            throw new YamlException(node!.Start, node.End, $"{what} must be a mapping");
        }

        foreach (var (key, value) in mapping.Children)
        {
            // YamlDotNet has already refused a key given twice.
            entries[key is YamlScalarNode { Value: { } text } ? text : throw new YamlException(key.Start, key.End, $"a key of {what} must be a string")] = value;
        }

        return entries;
    }

    public static string? Scalar(YamlNode node, string what) => IsNull(node)
        ? null
        : node is YamlScalarNode scalar ? scalar.Value : throw new YamlException(node.Start, node.End, $"{what} must be a single value");

    public static IReadOnlyList<string>? Sequence(YamlNode node, string what) => IsNull(node)
        ? null
        : node is YamlSequenceNode sequence
            ? [.. sequence.Children.Select((item, i) => Scalar(item, $"{what}[{i}]") ?? throw new YamlException(item.Start, item.End, $"{what}[{i}] is empty"))]
            : throw new YamlException(node.Start, node.End, $"{what} must be a list");

    /// <summary>A YAML 1.1 boolean, as yaml.v2 reads one (true, yes, on, y and their opposites, in three cases); a quoted one is a string.</summary>
    public static bool? Boolean(YamlNode node, string what)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text })
        {
            if (text is "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y")
            {
                return true;
            }

            if (text is "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N")
            {
                return false;
            }
        }

        throw new YamlException(node.Start, node.End, $"{what} must be true or false");
    }

    public static YamlException Unknown(string key, YamlNode value) => new(value.Start, value.End, $"unknown key \"{key}\"");
}

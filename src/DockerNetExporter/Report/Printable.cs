namespace DockerNetExporter.Report;

/// <summary>
/// Text from Docker and the kernel as a report shows it: each control character as U+FFFD. Names
/// are chosen by others (an interface a container renamed, a network's name, a process's name for a
/// namespace found from the kernel), and an escape sequence in one would drive the operator's
/// terminal (clear it, hide lines) from `topology` or `?format=text`, or break a DOT label's lines.
/// </summary>
internal static class Printable
{
    public static string Of(string text) =>
        text.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') < 0 && text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') < 0
            ? text
            : string.Create(text.Length, text, static (shown, text) =>
            {
                for (var i = 0; i < text.Length; i++)
                {
                    shown[i] = char.IsControl(text[i]) ? '\uFFFD' : text[i];
                }
            });
}

using System.IO.Pipelines;
using System.Text;
using DockerNetExporter.Docker;

namespace DockerNetExporter.Tests.Docker;

public sealed class DockerEventStreamTests
{
    private const string StartLine =
        "{\"status\":\"start\",\"id\":\"a1a1\",\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"a1a1\",\"Attributes\":{\"name\":\"web\"}},\"scope\":\"local\",\"time\":1}\n";

    /// <summary>
    /// The stream stays open after one event, as dockerd's does: the event must arrive without a
    /// second one behind it (a reader that waits for more data would deliver it one event late).
    /// </summary>
    [Fact]
    public async Task An_event_is_handed_on_while_the_stream_stays_open()
    {
        var pipe = new Pipe();
        using var stream = new DockerEventStream(pipe.Reader.AsStream());
        var received = new TaskCompletionSource<DockerEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();
        var reading = stream.ReadAsync(e => received.TrySetResult(e), cts.Token);

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(StartLine));
        var first = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new DockerEvent("container", "start", "a1a1", null), first);
        Assert.False(reading.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => reading);
    }

    [Fact]
    public async Task Malformed_lines_are_skipped_and_the_end_of_the_stream_ends_the_read()
    {
        var lines = "\nnot json\n" + StartLine + "{\"Type\":\"network\"}\n" + StartLine;
        using var stream = new DockerEventStream(new MemoryStream(Encoding.UTF8.GetBytes(lines)));
        var received = new List<DockerEvent>();

        await stream.ReadAsync(received.Add, CancellationToken.None);

        Assert.Equal(2, received.Count);
    }
}

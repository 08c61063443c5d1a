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

    /// <summary>A hostile daemon's endless line (300 MiB took 1.7 GB before): refused at the limit, having read no more than it.</summary>
    [Fact]
    public async Task A_line_over_the_limit_ends_the_stream_having_read_no_more_than_the_limit()
    {
        var tenTimesTheLimit = new MemoryStream(Enumerable.Repeat((byte)'a', 1_000_000).ToArray());
        using var stream = new DockerEventStream(tenTimesTheLimit, maxLineBytes: 100_000);

        var refused = await Assert.ThrowsAsync<DockerAnswerTooLargeException>(() => stream.ReadAsync(_ => { }, CancellationToken.None));

        Assert.Equal(100_001, tenTimesTheLimit.Position);
        Assert.Contains("an events line is over 97 KiB", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A line of exactly the limit is an event, though it comes a few bytes at a time.</summary>
    [Fact]
    public async Task Lines_up_to_the_limit_are_read_even_when_they_arrive_in_pieces()
    {
        var padded = StartLine.Replace("\"scope\"", "\"pad\":\"" + new string('p', 2000) + "\",\"scope\"", StringComparison.Ordinal);
        var pipe = new Pipe();
        using var stream = new DockerEventStream(pipe.Reader.AsStream(), maxLineBytes: padded.Length - 1);
        var received = new List<DockerEvent>();
        var reading = stream.ReadAsync(received.Add, CancellationToken.None);

        foreach (var piece in (padded + StartLine).Chunk(7))
        {
            await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(piece));
        }

        await pipe.Writer.CompleteAsync();
        await reading;

        Assert.Equal(2, received.Count);
    }

    /// <summary>dockerd ends every event with a newline; a last line without one, cut by the close, is still read.</summary>
    [Fact]
    public async Task A_last_line_without_a_newline_is_read()
    {
        using var stream = new DockerEventStream(new MemoryStream(Encoding.UTF8.GetBytes(StartLine + StartLine.TrimEnd('\n'))));
        var received = new List<DockerEvent>();

        await stream.ReadAsync(received.Add, CancellationToken.None);

        Assert.Equal(2, received.Count);
    }
}

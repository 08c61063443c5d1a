using System.Net;
using System.Text;
using System.Text.Json;
using DockerNetExporter.Docker;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Docker;

/// <summary>
/// The handler every Docker API answer passes, over a stub daemon: bodies are read whole within 4 MiB
/// and successful ones must be JSON of at most 262,144 tokens, but for the container list, counted
/// as it streams up to 32 MiB; the events stream passes unread.
/// </summary>
public sealed class BoundedAnswersTests
{
    [Fact]
    public async Task An_answer_within_its_limit_is_passed_on_whole_with_its_content_type()
    {
        using var response = await SendAsync("/networks", Json("""[{"Id":"n1"}]"""));

        Assert.Equal("""[{"Id":"n1"}]""", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_answer_that_announces_more_than_its_limit_is_refused_unread()
    {
        var body = new FillerStream((byte)' ', 5L << 20);
        var content = new StreamContent(body);
        content.Headers.ContentLength = (4L << 20) + 1;

        var refused = await Assert.ThrowsAsync<DockerAnswerTooLargeException>(() => SendAsync("/containers/a1/json", content));

        Assert.Equal(0, body.BytesRead);
        Assert.Contains("GET /containers/a1/json is over 4 MiB", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_without_a_length_is_refused_as_soon_as_it_passes_its_limit()
    {
        var body = new FillerStream((byte)' ', 8L << 20);

        await Assert.ThrowsAsync<DockerAnswerTooLargeException>(() => SendAsync("/networks", new StreamContent(body)));

        Assert.InRange(body.BytesRead, 4L << 20, (4L << 20) + (64 * 1024));
    }

    /// <summary>The list is parsed as it streams: it is counted, not held, and refused where it passes 32 MiB.</summary>
    [Fact]
    public async Task The_container_list_is_passed_as_it_streams_and_refused_as_soon_as_it_passes_its_limit()
    {
        var body = new FillerStream((byte)' ', 64L << 20);

        using var response = await SendAsync("/v1.41/containers/json", new StreamContent(body));
        Assert.Equal(0, body.BytesRead);
        await Assert.ThrowsAsync<DockerAnswerTooLargeException>(() => response.Content.CopyToAsync(Stream.Null));

        Assert.InRange(body.BytesRead, 32L << 20, (32L << 20) + (1 << 20));
    }

    [Fact]
    public async Task A_container_list_that_announces_more_than_its_limit_is_refused_unread()
    {
        var body = new FillerStream((byte)' ', 64L << 20);
        var content = new StreamContent(body);
        content.Headers.ContentLength = (32L << 20) + 1;

        await Assert.ThrowsAsync<DockerAnswerTooLargeException>(() => SendAsync("/containers/json", content));

        Assert.Equal(0, body.BytesRead);
    }

    /// <summary>An error answer to the list is read whole to be quoted: within 4 MiB, like any other.</summary>
    [Fact]
    public async Task An_error_answer_to_the_container_list_is_held_to_the_smaller_limit()
    {
        var body = new FillerStream((byte)' ', 8L << 20);

        await Assert.ThrowsAsync<DockerAnswerTooLargeException>(() => SendAsync("/containers/json", new StreamContent(body), HttpStatusCode.InternalServerError));

        Assert.InRange(body.BytesRead, 4L << 20, (4L << 20) + (64 * 1024));
    }

    /// <summary>The list of 5,000 containers takes about 10 MB: more than any other answer may, well within the list's limit.</summary>
    [Fact]
    public async Task The_container_list_may_be_larger_than_other_answers()
    {
        var tenMegabytes = "[" + new string(' ', 10_000_000) + "]";

        using var list = await SendAsync("/containers/json", Json(tenMegabytes));
        Assert.Equal(10_000_002, (await list.Content.ReadAsByteArrayAsync()).Length);

        await Assert.ThrowsAsync<DockerAnswerTooLargeException>(() => SendAsync("/networks", Json(tenMegabytes)));
    }

    /// <summary>1.3 MB of empty objects would be 140,000 objects to Docker.DotNet: refused by their tokens, not their bytes.</summary>
    [Fact]
    public async Task A_successful_answer_with_more_JSON_tokens_than_the_limit_is_refused()
    {
        var justUnder = "[" + string.Join(',', Enumerable.Repeat("{}", 131_071)) + "]"; // 2 + 131,071 × 2 = 262,144 tokens
        var justOver = "[" + string.Join(',', Enumerable.Repeat("{}", 131_072)) + "]";

        using var accepted = await SendAsync("/networks", Json(justUnder));
        var refused = await Assert.ThrowsAsync<DockerAnswerTooLargeException>(() => SendAsync("/networks", Json(justOver)));

        Assert.Contains("over 262144 JSON tokens", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"Id": tru""")]
    [InlineData("")]
    [InlineData("[] []")]
    [InlineData("<html>proxy error</html>")]
    public async Task A_successful_answer_that_is_not_one_JSON_value_is_malformed(string body)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => SendAsync("/containers/a1/json", Json(body)));
    }

    /// <summary>An error's body is Docker.DotNet's to quote, whatever it holds, within the same limit.</summary>
    [Fact]
    public async Task An_error_answer_is_passed_on_whatever_its_body_holds()
    {
        using var response = await SendAsync("/networks", Json("<html>403 Forbidden</html>"), HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("<html>403 Forbidden</html>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_events_stream_passes_unread()
    {
        var body = new FillerStream((byte)' ', long.MaxValue);

        using var response = await SendAsync("/v1.41/events", new StreamContent(body));

        Assert.Equal(0, body.BytesRead);
        await (await response.Content.ReadAsStreamAsync()).ReadExactlyAsync(new byte[10]);
        Assert.Equal(10, body.BytesRead);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> SendAsync(string path, HttpContent content, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var invoker = new HttpMessageInvoker(new BoundedAnswers(new StubDaemon(new HttpResponseMessage(status) { Content = content })));
        return await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("http://docker" + path)), CancellationToken.None);
    }

    private sealed class StubDaemon(HttpResponseMessage response) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(response);
    }
}

using System.Text.RegularExpressions;
using DockerNetExporter.Http;

namespace DockerNetExporter.Tests.Http;

public sealed class LandingPageTests
{
    private static readonly string Page = LandingPage.Html("1.2.3", "/probe/metrics");

    /// <summary>The Content-Security-Policy forbids inline code: the page must have none, or the browser would refuse it.</summary>
    [Fact]
    public void The_page_has_no_inline_script_style_or_handler()
    {
        Assert.All(Regex.Matches(Page, "<script[^>]*>").Select(m => m.Value), tag => Assert.Contains("src=\"static/topology.js\"", tag, StringComparison.Ordinal));
        Assert.DoesNotContain("<style", Page, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"\s(style|on[a-z]+)="), Page);
        Assert.DoesNotContain("unsafe-inline", PageSecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    /// <summary>Every link is relative, so that the page works under a proxy's prefix, and none leaves the exporter.</summary>
    [Fact]
    public void The_links_and_files_are_relative_to_the_page()
    {
        var targets = Regex.Matches(Page, "(?:href|src)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["static/topology.css", "static/topology.js", "probe/metrics", "topology", "healthz"], targets);
    }

    [Fact]
    public void Each_file_the_page_names_is_embedded_with_its_type()
    {
        Assert.Equal(
            [("static/topology.js", "text/javascript; charset=utf-8"), ("static/topology.css", "text/css; charset=utf-8")],
            PageAssets.Files);
        Assert.Contains("fetch(url", PageAssets.Read("static/topology.js"), StringComparison.Ordinal);
        Assert.Contains("#drawing", PageAssets.Read("static/topology.css"), StringComparison.Ordinal);
    }
}

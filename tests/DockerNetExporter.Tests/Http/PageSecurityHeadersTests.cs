using DockerNetExporter.Http;
using Microsoft.AspNetCore.Http;

namespace DockerNetExporter.Tests.Http;

/// <summary>The page's own policy, unless the web config's headers said otherwise (the toolkit's rule: they are on every answer).</summary>
public sealed class PageSecurityHeadersTests
{
    [Fact]
    public void Without_configured_headers_the_page_gets_its_own_strict_policy()
    {
        var response = new DefaultHttpContext().Response;

        PageSecurityHeaders.Set(response);

        Assert.Equal(PageSecurityHeaders.ContentSecurityPolicy, response.Headers.ContentSecurityPolicy);
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions);
        Assert.Equal("no-referrer", response.Headers["Referrer-Policy"]);
    }

    [Fact]
    public void A_header_the_web_config_set_is_kept_as_the_operator_wrote_it()
    {
        var response = new DefaultHttpContext().Response;
        response.Headers.ContentSecurityPolicy = "default-src 'self' *.test.example.net";
        response.Headers["Referrer-Policy"] = "same-origin";

        PageSecurityHeaders.Set(response);

        Assert.Equal("default-src 'self' *.test.example.net", response.Headers.ContentSecurityPolicy);
        Assert.Equal("same-origin", response.Headers["Referrer-Policy"]);
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions);
    }
}

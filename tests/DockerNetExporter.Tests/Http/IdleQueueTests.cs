using System.Net;
using DockerNetExporter.Http;

namespace DockerNetExporter.Tests.Http;

public sealed class IdleQueueTests
{
    private static readonly IPAddress Scraper = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress Attacker = IPAddress.Parse("198.51.100.7");

    [Fact]
    public void The_source_holding_the_most_idle_connections_loses_its_longest_idle_first_even_if_another_waited_longer()
    {
        var queue = new IdleQueue<string>();
        queue.Add("scrape", Scraper);
        queue.Add("attack 1", Attacker);
        queue.Add("attack 2", Attacker);
        queue.Add("attack 3", Attacker);

        // Down to one each, the scrape has waited longer.
        Assert.Equal(["attack 1", "attack 2", "scrape", "attack 3"], Drain(queue));
    }

    [Fact]
    public void Of_two_sources_holding_as_many_the_one_idle_longer_goes_first()
    {
        var queue = new IdleQueue<string>();
        queue.Add("b", Attacker);
        queue.Add("a", Scraper);

        Assert.Equal(["b", "a"], Drain(queue));
    }

    [Fact]
    public void Addresses_of_one_IPv6_64_are_one_source_and_a_mapped_IPv4_address_is_its_IPv4_source()
    {
        var queue = new IdleQueue<string>();
        queue.Add("v6 other /64", IPAddress.Parse("2001:db8:0:2::1"));
        queue.Add("v6 a", IPAddress.Parse("2001:db8:0:1::1"));
        queue.Add("v4 a", Attacker);
        queue.Add("v6 b", IPAddress.Parse("2001:db8:0:1:ffff::2"));
        queue.Add("v4 b", Attacker.MapToIPv6());
        queue.Add("v4 c", Attacker);

        Assert.Equal(["v4 a", "v6 a", "v4 b", "v6 other /64", "v6 b", "v4 c"], Drain(queue));
    }

    [Fact]
    public void A_connection_taken_out_is_never_chosen()
    {
        var queue = new IdleQueue<string>();
        var served = queue.Add("now serving a request", Attacker);
        queue.Add("idle", Scraper);

        queue.Remove(served);

        Assert.Equal(["idle"], Drain(queue));
    }

    private static List<string> Drain(IdleQueue<string> queue)
    {
        var order = new List<string>();
        while (queue.TryTakeNextToClose(out var item))
        {
            order.Add(item);
        }

        return order;
    }
}

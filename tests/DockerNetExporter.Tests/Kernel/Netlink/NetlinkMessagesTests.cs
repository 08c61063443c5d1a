using System.Buffers.Binary;
using DockerNetExporter.Kernel.Netlink;

namespace DockerNetExporter.Tests.Kernel.Netlink;

/// <summary>
/// Replies built by hand in the layout of include/uapi/linux/netlink.h and rtnetlink.h, field by
/// field, as the kernel sends them: a header of 16 bytes, the family's fixed part, then attributes.
/// </summary>
public sealed class NetlinkMessagesTests
{
    [Fact]
    public void A_dump_request_is_a_header_and_an_empty_fixed_part()
    {
        var request = NetlinkMessages.DumpRequest(NetlinkMessages.GetLink, 7);

        Assert.Equal(32, request.Length); // nlmsghdr 16 + ifinfomsg 16
        Assert.Equal(32u, BinaryPrimitives.ReadUInt32LittleEndian(request));
        Assert.Equal(18, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(4)));     // RTM_GETLINK
        Assert.Equal(0x301, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(6)));  // NLM_F_REQUEST | NLM_F_DUMP
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(8)));
        Assert.All(request[16..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_route_dump_asks_for_IPv4()
    {
        var request = NetlinkMessages.DumpRequest(NetlinkMessages.GetRoute, 1);

        Assert.Equal(28, request.Length); // nlmsghdr 16 + rtmsg 12
        Assert.Equal(2, request[16]);     // AF_INET
    }

    [Fact]
    public void Links_give_name_mac_and_the_veth_peer_s_ifindex()
    {
        var datagram = Concat(
            Link(1, Attribute(3, "lo\0"u8.ToArray()), Attribute(1, new byte[6])),
            Link(2, Attribute(3, "eth0\0"u8.ToArray()), Attribute(1, [0x02, 0x42, 0xac, 0x11, 0x00, 0x02]), Attribute(5, Int32(57))));
        var view = new NamespaceView.Builder();

        Assert.True(NetlinkMessages.TryParse(datagram, view, out var error));

        Assert.Equal(0, error);
        Assert.Equal(
            [new NetlinkLink(1, 1, "lo", "00:00:00:00:00:00"), new NetlinkLink(2, 57, "eth0", "02:42:ac:11:00:02")],
            view.Links);
    }

    /// <summary>
    /// An overlay sandbox as `ip -d link` shows it: br0, vxlan0 (VNI 4097, on br0) and veth1 (on br0).
    /// IFLA_LINKINFO nests IFLA_INFO_KIND and IFLA_INFO_DATA, and a vxlan's data holds IFLA_VXLAN_ID
    /// first; the kernel sets no NLA_F_NESTED on them (nla_nest_start_noflag), one is set here on
    /// vxlan0's to show the flag bits are ignored. A VNI is only a vxlan's.
    /// </summary>
    [Fact]
    public void Links_give_their_master_their_kind_and_a_vxlan_s_VNI()
    {
        var datagram = Concat(
            Link(2, Attribute(3, "br0\0"u8.ToArray()), Attribute(18, Attribute(1, "bridge\0"u8.ToArray()))),
            Link(7, Attribute(3, "vxlan0\0"u8.ToArray()), Attribute(10, Int32(2)),
                Attribute(18 | 0x8000, [.. Attribute(1, "vxlan\0"u8.ToArray()), .. Attribute(2, [.. Attribute(1, Int32(4097)), .. Attribute(2, Int32(9))])])),
            Link(9, Attribute(3, "veth1\0"u8.ToArray()), Attribute(5, Int32(8)), Attribute(10, Int32(2)),
                Attribute(18, [.. Attribute(1, "veth\0"u8.ToArray()), .. Attribute(2, Attribute(1, Int32(5)))])));
        var view = new NamespaceView.Builder();

        Assert.True(NetlinkMessages.TryParse(datagram, view, out _));

        Assert.Equal(
            [new NetlinkLink(2, 2, "br0", "", 0, "bridge"), new NetlinkLink(7, 7, "vxlan0", "", 2, "vxlan", 4097), new NetlinkLink(9, 8, "veth1", "", 2, "veth")],
            view.Links);
    }

    /// <summary>A link info whose kind claims more bytes than it holds ends that attribute's reading, not the link's.</summary>
    [Fact]
    public void A_truncated_link_info_leaves_the_kind_unknown()
    {
        var info = Attribute(1, "vxlan\0"u8.ToArray());
        info[0] = 40; // the kind's length, past the end of the info
        var datagram = Link(7, Attribute(3, "vxlan0\0"u8.ToArray()), Attribute(18, info), Attribute(10, Int32(2)));
        var view = new NamespaceView.Builder();

        Assert.True(NetlinkMessages.TryParse(datagram, view, out _));

        Assert.Equal(new NetlinkLink(7, 7, "vxlan0", "", 2), Assert.Single(view.Links));
    }

    [Fact]
    public void Addresses_prefer_the_local_one_over_a_point_to_point_peer()
    {
        var datagram = Concat(
            Address(2, 2, Attribute(1, [10, 0, 0, 9]), Attribute(2, [10, 254, 249, 2])),
            Address(10, 2, Attribute(1, [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x44, 0x09, 0x44, 0xff, 0xfe, 0x19, 0x42, 0x01])),
            Address(2, 1, Attribute(1, [127, 0, 0, 1])));
        var view = new NamespaceView.Builder();

        Assert.True(NetlinkMessages.TryParse(datagram, view, out _));

        Assert.Equal(
            [new NetlinkAddress(2, "ipv4", "10.254.249.2"), new NetlinkAddress(2, "ipv6", "fe80::4409:44ff:fe19:4201"), new NetlinkAddress(1, "ipv4", "127.0.0.1")],
            view.Addresses);
    }

    [Fact]
    public void The_default_route_of_the_main_table_with_the_lowest_metric_is_the_gateway()
    {
        var datagram = Concat(
            Route(dstLength: 0, table: 254, Attribute(5, [10, 0, 0, 1]), Attribute(6, Int32(200))),
            Route(dstLength: 0, table: 254, Attribute(5, [10, 0, 0, 2]), Attribute(6, Int32(100))),
            Route(dstLength: 0, table: 100, Attribute(5, [10, 0, 0, 3])),                       // policy routing's own table
            Route(dstLength: 0, table: 252, Attribute(15, Int32(254)), Attribute(5, [10, 0, 0, 4]), Attribute(6, Int32(300))), // RTA_TABLE says main
            Route(dstLength: 24, table: 254, Attribute(5, [10, 0, 0, 5])));                    // not a default route
        var view = new NamespaceView.Builder();

        Assert.True(NetlinkMessages.TryParse(datagram, view, out _));

        Assert.Equal("10.0.0.2", view.ToView().Gateway);
    }

    [Fact]
    public void A_dump_spread_over_datagrams_is_gathered_until_done_and_a_repeated_link_counts_once()
    {
        var view = new NamespaceView.Builder();

        Assert.True(NetlinkMessages.TryParse(Link(1, Attribute(3, "lo\0"u8.ToArray())), view, out _));
        Assert.True(NetlinkMessages.TryParse(Concat(Link(2, Attribute(3, "eth0\0"u8.ToArray())), Link(2, Attribute(3, "eth0\0"u8.ToArray()))), view, out _));
        Assert.False(NetlinkMessages.TryParse(Message(3, Int32(0)), view, out var error));

        Assert.Equal(0, error);
        Assert.Equal(["lo", "eth0"], view.ToView().Links.Select(l => l.Name)); // an interrupted dump may repeat a link
    }

    [Fact]
    public void Attribute_flags_in_the_top_bits_of_the_type_are_not_part_of_it()
    {
        var view = new NamespaceView.Builder();

        NetlinkMessages.TryParse(Link(2, Attribute(0x8000 | 3, "eth0\0"u8.ToArray()), Attribute(0x4000 | 5, Int32(9))), view, out _); // NLA_F_NESTED, NLA_F_NET_BYTEORDER

        Assert.Equal(new NetlinkLink(2, 9, "eth0", ""), Assert.Single(view.Links));
    }

    [Fact]
    public void Done_ends_the_dump_and_an_error_gives_its_errno()
    {
        var view = new NamespaceView.Builder();
        Assert.False(NetlinkMessages.TryParse(Message(3, Int32(0)), view, out var done));
        Assert.Equal(0, done);

        Assert.False(NetlinkMessages.TryParse(Message(2, Int32(-1)), view, out var error)); // EPERM, as the kernel sends it: negative
        Assert.Equal(1, error);
    }

    [Fact]
    public void Truncated_or_lying_lengths_end_the_parse_without_reading_past_the_datagram()
    {
        var link = Link(2, Attribute(3, "eth0\0"u8.ToArray()));
        var random = new Random(1984);
        for (var cut = 0; cut < link.Length; cut++)
        {
            NetlinkMessages.TryParse(link.AsSpan(0, cut), new NamespaceView.Builder(), out _);
        }

        for (var i = 0; i < 2000; i++)
        {
            var garbled = (byte[])link.Clone();
            garbled[random.Next(garbled.Length)] = (byte)random.Next(256);
            var view = new NamespaceView.Builder();
            NetlinkMessages.TryParse(garbled, view, out _);
            Assert.True(view.Links.Count <= 1);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(link, 4096); // longer than the datagram
        Assert.False(NetlinkMessages.TryParse(link, new NamespaceView.Builder(), out var error));
        Assert.Equal(-1, error);
    }

    [Fact]
    public void A_namespace_id_request_names_the_namespace_by_its_open_file()
    {
        var request = new byte[NetlinkMessages.NamespaceIdRequestBytes + 4];
        request.AsSpan().Fill(0xff);

        NetlinkMessages.WriteNamespaceIdRequest(request, namespaceFd: 42, sequence: 7);

        Assert.Equal(28, NetlinkMessages.NamespaceIdRequestBytes); // nlmsghdr 16 + rtgenmsg 4 + one attribute of 8
        Assert.Equal(28u, BinaryPrimitives.ReadUInt32LittleEndian(request));
        Assert.Equal(90, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(4)));  // RTM_GETNSID
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(6)));   // NLM_F_REQUEST
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(8)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(12)));  // pid 0: to the kernel
        Assert.Equal(new byte[4], request[16..20]);                                     // AF_UNSPEC and padding
        Assert.Equal(8, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(20)));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(22)));  // NETNSA_FD
        Assert.Equal(42, BinaryPrimitives.ReadInt32LittleEndian(request.AsSpan(24)));
        Assert.Equal([0xff, 0xff, 0xff, 0xff], request[28..]);                          // nothing written past it
    }

    [Fact]
    public void Peers_are_the_links_whose_peer_is_in_another_namespace()
    {
        var datagram = Concat(
            Link(1, Attribute(3, "lo\0"u8.ToArray())),                                            // no peer at all
            Link(10, Attribute(3, "vetha\0"u8.ToArray()), Attribute(5, Int32(2)), Attribute(37, Int32(0))),
            Link(11, Attribute(5, Int32(12))),                                                    // a veth whose peer is in the same namespace: no IFLA_LINK_NETNSID
            Link(12, Attribute(37, Int32(3))),                                                    // a namespace but no peer ifindex
            Link(13, Attribute(0x8000 | 37, Int32(4)), Attribute(5, Int32(5))),                   // flags in the type's top bits, attributes in any order
            Link(14, Attribute(5, [1, 0]), Attribute(37, Int32(5))));                             // a peer ifindex too short to be one
        var peers = new Dictionary<int, PeerLink>();

        Assert.True(NetlinkMessages.TryParsePeers(datagram, peers, out var error));

        Assert.Equal(0, error);
        Assert.Equal([(10, new PeerLink(2, 0)), (13, new PeerLink(5, 4))], peers.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        Assert.False(NetlinkMessages.TryParsePeers(Message(3, Int32(0)), peers, out error)); // done
        Assert.Equal(0, error);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(-1, -1)] // NETNSA_NSID_NOT_ASSIGNED: the host gave the namespace no nsid, so no host link leads there
    public void A_namespace_id_answer_gives_the_nsid(int answered, int expected)
    {
        var datagram = Message(88, [0, 0, 0, 0, .. Attribute(1, Int32(answered))], sequence: 9);

        Assert.True(NetlinkMessages.TryParseNamespaceId(datagram, 9, out var namespaceId, out var error));

        Assert.Equal((expected, 0), (namespaceId, error));
    }

    [Fact]
    public void A_namespace_id_answer_to_another_request_an_error_or_none_is_no_answer()
    {
        Assert.False(NetlinkMessages.TryParseNamespaceId(Message(88, [0, 0, 0, 0, .. Attribute(1, Int32(5))], sequence: 8), 9, out _, out var otherRequest));
        Assert.False(NetlinkMessages.TryParseNamespaceId(Message(2, [.. Int32(-22), .. new byte[16]], sequence: 9), 9, out _, out var refused)); // EINVAL: not a namespace's file
        Assert.False(NetlinkMessages.TryParseNamespaceId(Message(88, [0, 0, 0, 0, .. Attribute(5, Int32(5))], sequence: 9), 9, out _, out var noNsid));
        Assert.False(NetlinkMessages.TryParseNamespaceId(Message(88, [0, 0], sequence: 9), 9, out _, out var tooShort));

        Assert.Equal((-1, 22, -1, -1), (otherRequest, refused, noNsid, tooShort));
    }

    [Fact]
    public void Truncated_or_lying_peer_and_namespace_id_replies_never_read_past_the_datagram()
    {
        var link = Link(10, Attribute(5, Int32(2)), Attribute(37, Int32(0)));
        var answer = Message(88, [0, 0, 0, 0, .. Attribute(1, Int32(5))], sequence: 9);
        var random = new Random(1984);
        foreach (var reply in new[] { link, answer })
        {
            for (var cut = 0; cut < reply.Length; cut++)
            {
                var peers = new Dictionary<int, PeerLink>();
                NetlinkMessages.TryParsePeers(reply.AsSpan(0, cut), peers, out _);
                Assert.Empty(peers);
                Assert.False(NetlinkMessages.TryParseNamespaceId(reply.AsSpan(0, cut), 9, out _, out _));
            }

            for (var i = 0; i < 2000; i++)
            {
                var garbled = (byte[])reply.Clone();
                garbled[random.Next(garbled.Length)] = (byte)random.Next(256);
                var peers = new Dictionary<int, PeerLink>();
                NetlinkMessages.TryParsePeers(garbled, peers, out _);
                NetlinkMessages.TryParseNamespaceId(garbled, 9, out _, out _);
                Assert.True(peers.Count <= 1);
            }
        }

        // A message whose length reaches past the datagram it came in, over bytes that would make a whole answer.
        var received = Concat(answer, answer);
        BinaryPrimitives.WriteUInt32LittleEndian(received, (uint)received.Length);
        Assert.False(NetlinkMessages.TryParseNamespaceId(received.AsSpan(0, answer.Length), 9, out _, out var error));
        Assert.Equal(-1, error);
        var links = Concat(link, link);
        BinaryPrimitives.WriteUInt32LittleEndian(links, (uint)links.Length);
        var lied = new Dictionary<int, PeerLink>();
        Assert.False(NetlinkMessages.TryParsePeers(links.AsSpan(0, link.Length), lied, out error));
        Assert.Equal((-1, 0), (error, lied.Count));
    }

    private static byte[] Link(int ifIndex, params byte[][] attributes) =>
        Message(16, [.. new byte[4], .. Int32(ifIndex), .. new byte[8], .. Concat(attributes)]);

    private static byte[] Address(byte family, int ifIndex, params byte[][] attributes) =>
        Message(20, [family, 24, 0, 0, .. Int32(ifIndex), .. Concat(attributes)]);

    private static byte[] Route(byte dstLength, byte table, params byte[][] attributes) =>
        Message(24, [2, dstLength, 0, 0, table, 3, 0, 1, 0, 0, 0, 0, .. Concat(attributes)]);

    private static byte[] Message(ushort type, byte[] body, uint sequence = 0)
    {
        var message = new byte[Aligned(16 + body.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)(16 + body.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        body.CopyTo(message, 16);
        return message;
    }

    private static byte[] Attribute(ushort type, byte[] value)
    {
        var attribute = new byte[Aligned(4 + value.Length)];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), type);
        value.CopyTo(attribute, 4);
        return attribute;
    }

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static int Aligned(int length) => (length + 3) & ~3;
}

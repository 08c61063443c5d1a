using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace DockerNetExporter.Kernel.Netlink;

/// <summary>
/// The rtnetlink messages the exporter sends and reads (rtnetlink(7), netlink(7);
/// include/uapi/linux/netlink.h, rtnetlink.h, if_link.h, if_addr.h, net_namespace.h). Dump requests
/// for links, addresses and IPv4 routes, replies parsed into <see cref="NamespaceView"/>; a link dump
/// read for its peers only (<see cref="TryParsePeers"/>); the nsid of a namespace given by a file
/// descriptor. Netlink speaks the host's byte order, little-endian on every platform the exporter
/// is built for (x64, arm64). Every length is checked against the datagram: a malformed message
/// ends the parse, never reads past it.
/// </summary>
internal static class NetlinkMessages
{
    public const ushort GetLink = 18;    // RTM_GETLINK
    public const ushort GetAddress = 22; // RTM_GETADDR
    public const ushort GetRoute = 26;   // RTM_GETROUTE

    /// <summary>NETNSA_NSID_NOT_ASSIGNED: the asking namespace has given the namespace no nsid.</summary>
    public const int NoNamespaceId = -1;

    /// <summary>Bytes of a <see cref="WriteNamespaceIdRequest"/>.</summary>
    public const int NamespaceIdRequestBytes = HeaderBytes + GenericInfoBytes + 8;

    private const ushort Error = 2;             // NLMSG_ERROR
    private const ushort Done = 3;              // NLMSG_DONE
    private const ushort NewLink = 16;          // RTM_NEWLINK
    private const ushort NewAddress = 20;       // RTM_NEWADDR
    private const ushort NewRoute = 24;         // RTM_NEWROUTE
    private const ushort NewNamespaceId = 88;   // RTM_NEWNSID: the answer to RTM_GETNSID
    private const ushort GetNamespaceId = 90;   // RTM_GETNSID

    private const ushort Request = 0x1;             // NLM_F_REQUEST
    private const ushort RequestDump = Request | 0x300; // NLM_F_REQUEST | NLM_F_DUMP
    private const int HeaderBytes = 16;             // struct nlmsghdr: len, type, flags, seq, pid
    private const int GenericInfoBytes = 4;         // struct rtgenmsg: family, padded to 4
    private const int InterfaceInfoBytes = 16;      // struct ifinfomsg: family, pad, type, index, flags, change
    private const int AddressInfoBytes = 8;         // struct ifaddrmsg: family, prefixlen, flags, scope, index
    private const int RouteInfoBytes = 12;          // struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags

    private const byte Inet = 2;   // AF_INET
    private const byte Inet6 = 10; // AF_INET6

    private const ushort LinkAddress = 1; // IFLA_ADDRESS: the MAC
    private const ushort LinkName = 3;    // IFLA_IFNAME
    private const ushort LinkPeer = 5;    // IFLA_LINK: for a veth, the peer's ifindex in the peer's namespace
    private const ushort LinkMaster = 10; // IFLA_MASTER: the ifindex of the bridge a port is enslaved to
    private const ushort LinkInfo = 18;   // IFLA_LINKINFO, nested: IFLA_INFO_KIND, IFLA_INFO_DATA
    private const ushort InfoKind = 1;    // IFLA_INFO_KIND: the driver, "veth", "bridge", "vxlan"...
    private const ushort InfoData = 2;    // IFLA_INFO_DATA, nested: the driver's own attributes
    private const ushort VxlanId = 1;     // IFLA_VXLAN_ID, in a vxlan's IFLA_INFO_DATA: the VNI
    private const ushort LinkPeerNamespace = 37; // IFLA_LINK_NETNSID: the peer's namespace, as the asking namespace's nsid for it; absent when it is the link's own

    private const ushort NamespaceIdValue = 1; // NETNSA_NSID
    private const ushort NamespaceFd = 3;      // NETNSA_FD

    private const ushort AddressPeer = 1;  // IFA_ADDRESS: the peer's on point-to-point links, else the local one
    private const ushort AddressLocal = 2; // IFA_LOCAL: the local address, IPv4 only

    private const ushort RouteGateway = 5;  // RTA_GATEWAY
    private const ushort RoutePriority = 6; // RTA_PRIORITY: the metric
    private const ushort RouteTableId = 15; // RTA_TABLE: the table, when it does not fit rtm_table
    private const uint MainTable = 254;     // RT_TABLE_MAIN

    /// <summary>A dump request of <paramref name="type"/> for every family (IPv4 only for routes).</summary>
    public static byte[] DumpRequest(ushort type, uint sequence)
    {
        var bodyBytes = type switch
        {
            GetLink => InterfaceInfoBytes,
            GetAddress => AddressInfoBytes,
            GetRoute => RouteInfoBytes,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a dump this exporter sends"),
        };
        var message = new byte[HeaderBytes + bodyBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), RequestDump);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        if (type == GetRoute)
        {
            message[HeaderBytes] = Inet;
        }

        return message;
    }

    /// <summary>
    /// Writes into <paramref name="message"/> (<see cref="NamespaceIdRequestBytes"/> long) an
    /// RTM_GETNSID request for the namespace of the open file <paramref name="namespaceFd"/>
    /// (net/core/net_namespace.c, rtnl_net_getid). The kernel answers with the nsid the socket's
    /// namespace gives it, or <see cref="NoNamespaceId"/>: it assigns none on a GETNSID.
    /// </summary>
    public static void WriteNamespaceIdRequest(Span<byte> message, int namespaceFd, uint sequence)
    {
        message[..NamespaceIdRequestBytes].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(message, NamespaceIdRequestBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(message[4..], GetNamespaceId);
        BinaryPrimitives.WriteUInt16LittleEndian(message[6..], Request);
        BinaryPrimitives.WriteUInt32LittleEndian(message[8..], sequence);
        var attribute = message[(HeaderBytes + GenericInfoBytes)..];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, 8);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute[2..], NamespaceFd);
        BinaryPrimitives.WriteInt32LittleEndian(attribute[4..], namespaceFd);
    }

    /// <summary>
    /// Adds what one datagram of a dump reply holds to <paramref name="view"/>. Returns false once
    /// the dump is over: done, failed (<paramref name="error"/> is the errno) or malformed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, NamespaceView.Builder view, out int error) =>
        TryReadMessages(datagram, ref view, static (type, _, body, ref view) =>
        {
            switch (type)
            {
                case NewLink:
                    AddLink(body, view);
                    break;
                case NewAddress:
                    AddAddress(body, view);
                    break;
                case NewRoute:
                    AddRoute(body, view);
                    break;
            }
        }, out error);

    /// <summary>
    /// Adds to <paramref name="peers"/>, by ifindex, each link of a link dump's datagram whose peer
    /// is in another namespace: the peer's ifindex (IFLA_LINK) and that namespace's nsid
    /// (IFLA_LINK_NETNSID). Nothing else is read, and nothing allocated per link: a host's dump
    /// holds every veth. Returns false once the dump is over, as <see cref="TryParse"/> does.
    /// </summary>
    public static bool TryParsePeers(ReadOnlySpan<byte> datagram, Dictionary<int, PeerLink> peers, out int error) =>
        TryReadMessages(datagram, ref peers, static (type, _, body, ref peers) =>
        {
            if (type == NewLink)
            {
                AddPeer(body, peers);
            }
        }, out error);

    /// <summary>
    /// The answer to the RTM_GETNSID request <paramref name="sequence"/> in one datagram: true with
    /// the nsid (<see cref="NoNamespaceId"/> for none), else false with the errno (-1 for a datagram
    /// that holds no answer or a malformed one).
    /// </summary>
    public static bool TryParseNamespaceId(ReadOnlySpan<byte> datagram, uint sequence, out int namespaceId, out int error)
    {
        var answer = new NamespaceIdAnswer { Sequence = sequence };
        TryReadMessages(datagram, ref answer, static (type, sequence, body, ref answer) =>
        {
            if (sequence == answer.Sequence && type == NewNamespaceId && body.Length >= GenericInfoBytes)
            {
                var attributes = body[GenericInfoBytes..];
                while (TryNextAttribute(ref attributes, out var attribute, out var value))
                {
                    if (attribute == NamespaceIdValue && value.Length >= 4)
                    {
                        answer.Id = BinaryPrimitives.ReadInt32LittleEndian(value);
                    }
                }
            }
        }, out error);
        namespaceId = answer.Id ?? NoNamespaceId;
        if (answer.Id is null && error == 0)
        {
            error = -1;
        }

        return answer.Id is not null;
    }

    /// <summary>
    /// Hands each whole message of a datagram to <paramref name="read"/>, in order. Returns false
    /// once the reply is over: done, failed (<paramref name="error"/> is the errno) or malformed (-1).
    /// </summary>
    private static bool TryReadMessages<TState>(ReadOnlySpan<byte> datagram, ref TState state, MessageReader<TState> read, out int error)
    {
        error = 0;
        while (datagram.Length >= HeaderBytes)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            if (length < HeaderBytes || length > datagram.Length)
            {
                error = -1;
                return false;
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
            var body = datagram[HeaderBytes..(int)length];
            switch (type)
            {
                case Done:
                    return false;
                case Error:
                    // struct nlmsgerr: a negative errno, then the request; 0 is an acknowledgement.
                    error = body.Length >= 4 ? -BinaryPrimitives.ReadInt32LittleEndian(body) : -1;
                    return false;
                default:
                    read(type, BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]), body, ref state);
                    break;
            }

            datagram = datagram[Math.Min(Align(length), datagram.Length)..];
        }

        return true;
    }

    private static void AddLink(ReadOnlySpan<byte> body, NamespaceView.Builder view)
    {
        if (body.Length < InterfaceInfoBytes)
        {
            return;
        }

        var ifIndex = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        string? name = null;
        var mac = "";
        var peer = ifIndex; // as sysfs's iflink: a device without a link is its own
        var master = 0;
        var kind = "";
        uint? vni = null;
        var attributes = body[InterfaceInfoBytes..];
        while (TryNextAttribute(ref attributes, out var type, out var value))
        {
            switch (type)
            {
                case LinkName:
                    name = Text(value);
                    break;
                case LinkAddress:
                    mac = string.Join(':', value.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
                    break;
                case LinkPeer when value.Length >= 4:
                    peer = BinaryPrimitives.ReadInt32LittleEndian(value);
                    break;
                case LinkMaster when value.Length >= 4:
                    master = BinaryPrimitives.ReadInt32LittleEndian(value);
                    break;
                case LinkInfo:
                    (kind, vni) = ReadLinkInfo(value);
                    break;
            }
        }

        if (name is { Length: > 0 })
        {
            view.Links.Add(new NetlinkLink(ifIndex, peer, name, mac, master, kind, kind == "vxlan" ? vni : null));
        }
    }

    /// <summary>IFLA_LINKINFO: the driver's kind, and for a vxlan its VNI (drivers/net/vxlan/vxlan_core.c, vxlan_fill_info).</summary>
    private static (string Kind, uint? Vni) ReadLinkInfo(ReadOnlySpan<byte> info)
    {
        var kind = "";
        uint? vni = null;
        while (TryNextAttribute(ref info, out var type, out var value))
        {
            if (type == InfoKind)
            {
                kind = Text(value);
            }
            else if (type == InfoData)
            {
                while (TryNextAttribute(ref value, out var dataType, out var data))
                {
                    if (dataType == VxlanId && data.Length >= 4)
                    {
                        vni = BinaryPrimitives.ReadUInt32LittleEndian(data);
                    }
                }
            }
        }

        return (kind, vni);
    }

    /// <summary>A string attribute: NUL-terminated UTF-8, or the whole value if it holds no NUL.</summary>
    private static string Text(ReadOnlySpan<byte> value)
    {
        var end = value.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? value : value[..end]);
    }

    private static void AddPeer(ReadOnlySpan<byte> body, Dictionary<int, PeerLink> peers)
    {
        if (body.Length < InterfaceInfoBytes)
        {
            return;
        }

        int? peer = null;
        int? peerNamespace = null;
        var attributes = body[InterfaceInfoBytes..];
        while (TryNextAttribute(ref attributes, out var type, out var value))
        {
            if (type == LinkPeer && value.Length >= 4)
            {
                peer = BinaryPrimitives.ReadInt32LittleEndian(value);
            }
            else if (type == LinkPeerNamespace && value.Length >= 4)
            {
                peerNamespace = BinaryPrimitives.ReadInt32LittleEndian(value);
            }
        }

        if (peer is { } ifIndex && peerNamespace is { } namespaceId)
        {
            peers[BinaryPrimitives.ReadInt32LittleEndian(body[4..])] = new PeerLink(ifIndex, namespaceId);
        }
    }

    private static void AddAddress(ReadOnlySpan<byte> body, NamespaceView.Builder view)
    {
        if (body.Length < AddressInfoBytes || body[0] is not (Inet or Inet6))
        {
            return;
        }

        var family = body[0];
        var ifIndex = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        IPAddress? local = null;
        IPAddress? address = null;
        var attributes = body[AddressInfoBytes..];
        while (TryNextAttribute(ref attributes, out var type, out var value))
        {
            if (value.Length == (family == Inet ? 4 : 16))
            {
                if (type == AddressLocal)
                {
                    local = new IPAddress(value);
                }
                else if (type == AddressPeer)
                {
                    address = new IPAddress(value);
                }
            }
        }

        if ((local ?? address) is { } found)
        {
            view.Addresses.Add(new NetlinkAddress(ifIndex, family == Inet ? "ipv4" : "ipv6", found.ToString()));
        }
    }

    /// <summary>A default route (no destination) of the main table with a gateway; of several, the lowest metric wins.</summary>
    private static void AddRoute(ReadOnlySpan<byte> body, NamespaceView.Builder view)
    {
        if (body.Length < RouteInfoBytes || body[0] != Inet || body[1] != 0)
        {
            return;
        }

        uint table = body[4];
        IPAddress? gateway = null;
        uint priority = 0;
        var attributes = body[RouteInfoBytes..];
        while (TryNextAttribute(ref attributes, out var type, out var value))
        {
            switch (type)
            {
                case RouteGateway when value.Length == 4:
                    gateway = new IPAddress(value);
                    break;
                case RoutePriority when value.Length >= 4:
                    priority = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case RouteTableId when value.Length >= 4:
                    table = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
            }
        }

        if (table == MainTable && gateway is not null && (view.Gateway is null || priority < view.GatewayPriority))
        {
            view.Gateway = gateway.ToString();
            view.GatewayPriority = priority;
        }
    }

    /// <summary>
    /// The next rtattr of a message body: 2 bytes length (header included), 2 bytes type, the value,
    /// padding to 4. Read in place: a host's link dump holds some fifty per interface.
    /// </summary>
    private static bool TryNextAttribute(ref ReadOnlySpan<byte> attributes, out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (attributes.Length < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
        if (length < 4 || length > attributes.Length)
        {
            return false;
        }

        // The top two bits of the type are flags (NLA_F_NESTED, NLA_F_NET_BYTEORDER).
        type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & 0x3fff);
        value = attributes[4..length];
        attributes = attributes[Math.Min(Align(length), attributes.Length)..];
        return true;
    }

    private static int Align(uint length) => (int)((length + 3) & ~3u);

    private delegate void MessageReader<TState>(ushort type, uint sequence, ReadOnlySpan<byte> body, ref TState state);

    /// <summary>The RTM_GETNSID request a reply must answer, and the nsid once found; on the stack, one per namespace asked.</summary>
    private struct NamespaceIdAnswer
    {
        public uint Sequence;
        public int? Id;
    }
}

/// <summary>A link's peer in another namespace, as a link dump gives it.</summary>
/// <param name="IfIndex">The peer's ifindex in its namespace (IFLA_LINK).</param>
/// <param name="NamespaceId">The nsid the dumping namespace gives the peer's (IFLA_LINK_NETNSID).</param>
internal readonly record struct PeerLink(int IfIndex, int NamespaceId);

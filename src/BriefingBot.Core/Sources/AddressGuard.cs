using System.Net;
using System.Net.Sockets;

namespace BriefingBot.Core.Sources;

/// <summary>
/// Which addresses a source URL may reach. Refused: loopback, private (RFC 1918), link-local (including the
/// cloud metadata address 169.254.169.254), carrier-grade NAT (100.64.0.0/10), multicast, unspecified,
/// broadcast, reserved, documentation and benchmarking ranges, IPv6 unique-local (fc00::/7), site-local and
/// the IPv4-mapped/-translated forms of all of these (https://www.iana.org/assignments/iana-ipv4-special-registry).
/// </summary>
public static class AddressGuard
{
    private static readonly (IPAddress Network, int Prefix, string Name)[] Refused =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "an unspecified (this-network) address"),
        (IPAddress.Parse("10.0.0.0"), 8, "a private address"),
        (IPAddress.Parse("100.64.0.0"), 10, "a carrier-grade NAT address"),
        (IPAddress.Parse("127.0.0.0"), 8, "a loopback address"),
        (IPAddress.Parse("169.254.0.0"), 16, "a link-local address (cloud metadata lives here)"),
        (IPAddress.Parse("172.16.0.0"), 12, "a private address"),
        (IPAddress.Parse("192.0.0.0"), 24, "a reserved address"),
        (IPAddress.Parse("192.0.2.0"), 24, "a documentation address"),
        (IPAddress.Parse("192.168.0.0"), 16, "a private address"),
        (IPAddress.Parse("198.18.0.0"), 15, "a benchmarking address"),
        (IPAddress.Parse("198.51.100.0"), 24, "a documentation address"),
        (IPAddress.Parse("203.0.113.0"), 24, "a documentation address"),
        (IPAddress.Parse("224.0.0.0"), 4, "a multicast address"),
        (IPAddress.Parse("240.0.0.0"), 4, "a reserved or broadcast address"),
        (IPAddress.Parse("::"), 128, "an unspecified address"),
        (IPAddress.Parse("2001::"), 32, "a Teredo tunnel address"),
        (IPAddress.Parse("::1"), 128, "a loopback address"),
        (IPAddress.Parse("fc00::"), 7, "a unique-local (private) address"),
        (IPAddress.Parse("fe80::"), 10, "a link-local address"),
        (IPAddress.Parse("fec0::"), 10, "a site-local address"),
        (IPAddress.Parse("ff00::"), 8, "a multicast address"),
        (IPAddress.Parse("2001:db8::"), 32, "a documentation address"),
        // The local-use NAT64 prefix (RFC 8215) reaches into the operator's own network by definition.
        (IPAddress.Parse("64:ff9b:1::"), 48, "a local-use NAT64 address"),
    ];

    /// <summary>Why the address may not be reached, or null when it is a public address.</summary>
    public static string? Problem(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        // Addresses that carry an IPv4 address are judged by it: the well-known NAT64 prefix (64:ff9b::/96),
        // IPv4-compatible (::/96) and 6to4 (2002::/16). The local-use NAT64 prefix is refused whole (below).
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Embedded(address) is { } v4)
            return Problem(v4) is { } inner ? inner + " (inside an IPv6 address)" : null;
        foreach (var (network, prefix, name) in Refused)
        {
            if (network.AddressFamily == address.AddressFamily && InRange(address, network, prefix))
                return name;
        }

        return null;
    }

    private static IPAddress? Embedded(IPAddress v6)
    {
        var b = v6.GetAddressBytes();
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].All(x => x == 0))
            return new IPAddress(b[12..16]);
        if (b[..12].All(x => x == 0) && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1))
            return new IPAddress(b[12..16]);
        if (b[0] == 0x20 && b[1] == 0x02)
            return new IPAddress(b[2..6]);
        return null;
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var full = prefix / 8;
        for (var i = 0; i < full; i++)
        {
            if (a[i] != n[i])
                return false;
        }

        var rest = prefix % 8;
        if (rest == 0)
            return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[full] & mask) == (n[full] & mask);
    }

    /// <summary>Only http and https are fetched.</summary>
    public static string? SchemeProblem(Uri uri) =>
        uri.Scheme is "http" or "https" ? null : $"only http:// and https:// addresses are fetched, not {uri.Scheme}:";

    public static bool IsIp(string host) => IPAddress.TryParse(host.Trim('[', ']'), out var ip) && ip.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
}

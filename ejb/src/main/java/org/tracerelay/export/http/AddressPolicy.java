package org.tracerelay.export.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether an admin-supplied URL may be called: http/https only, no user info, no IP
 * literal in an ambiguous form (decimal, octal, hex, short, trailing dot), and every address the
 * host resolves to must be public unless the deployment allow-lists it (CIDRs, e.g.
 * {@code 127.0.0.0/8}).
 * Loopback, private, link-local, unique-local, CGNAT, multicast, unspecified and cloud metadata
 * addresses are refused; an IPv6 address that carries an IPv4 one (mapped, compatible, NAT64,
 * 6to4) is judged as that IPv4 address.
 */
public final class AddressPolicy {

    /** Resolves a host name the way the connection will: tests pass their own. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Hosts made only of digits, dots and hex markers look like IPs to some parser: only the canonical form is taken. */
    private static final Pattern NUMERIC_LOOKING = Pattern.compile("(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*\\.?");

    private final List<Cidr> allowed;
    private final Resolver resolver;

    public AddressPolicy(List<String> allowedCidrs, Resolver resolver) {
        this.allowed = allowedCidrs.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
        this.resolver = resolver;
    }

    /**
     * The outcome of one check: why the URL may not be called, or the addresses its host resolved
     * to, all of them allowed. A client that connects to one of these (rather than resolving the
     * name again) reaches what was checked, whatever DNS answers next.
     */
    public record Checked(String refusal, List<InetAddress> addresses) {
        static Checked refused(String why) {
            return new Checked(why, List.of());
        }

        public boolean allowed() {
            return refusal == null;
        }
    }

    /** @return null when the URL may be called, else why not (safe to show: no secret in it) */
    public String refusal(String url) {
        return check(url).refusal();
    }

    public Checked check(String url) {
        String why = malformed(url);
        if (why != null) {
            return Checked.refused(why);
        }
        String host = literalOrName(URI.create(url.trim()).getHost());
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Checked.refused("the host does not resolve");
        }
        for (InetAddress a : addresses) {
            String kind = internal(a);
            if (kind != null && allowed.stream().noneMatch(c -> c.contains(a) || c.contains(embeddedV4(a)))) {
                return Checked.refused("the host resolves to " + kind);
            }
        }
        return new Checked(null, List.of(addresses));
    }

    private static String literalOrName(String host) {
        if (host.startsWith("[")) {
            return host.substring(1, host.length() - 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** Why the URL's form alone is refused, or null. */
    private static String malformed(String url) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            return "not a valid URL";
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "only http and https URLs are allowed";
        }
        if (u.getRawUserInfo() != null || u.getRawAuthority() != null && u.getRawAuthority().contains("@")) {
            return "URLs with user info are not allowed";
        }
        String host = u.getHost();
        if (host == null || host.isEmpty()) {
            return hostlessReason(u.getRawAuthority());
        }
        if (host.startsWith("[")) {
            if (host.contains("%")) {
                return "IPv6 zone ids are not allowed";
            }
        } else {
            host = literalOrName(host);
            if (NUMERIC_LOOKING.matcher(host).matches()) {
                return nonCanonicalIp(host);
            }
        }
        return null;
    }

    /**
     * java.net.URI gives no host for an authority it cannot read as one (127.1, 0x7f.0.0.1,
     * 127.0.0.1., my_host): such a URL is always refused, with the reason its host shows.
     */
    private static String hostlessReason(String authority) {
        if (authority == null || authority.isEmpty()) {
            return "the URL has no host";
        }
        String host = authority.replaceFirst(":[0-9]*$", "").toLowerCase(Locale.ROOT);
        if (NUMERIC_LOOKING.matcher(host).matches()) {
            boolean trailingDot = host.endsWith(".");
            String form = nonCanonicalIp(trailingDot ? host.substring(0, host.length() - 1) : host);
            if (form != null) {
                return form;
            }
            if (trailingDot) {
                return "IP addresses must be written as four decimal parts, without a trailing dot";
            }
        }
        return "the host is not a valid host name";
    }

    /**
     * Why a numeric host is not a canonical dotted quad, or null when it is one. Each reason names
     * the form, since inet_aton-style parsers read every one of them as some address.
     */
    private static String nonCanonicalIp(String host) {
        String[] parts = host.split("\\.", -1);
        for (String p : parts) {
            if (p.startsWith("0x")) {
                return "IP addresses must be written as four decimal parts, not in hex";
            }
        }
        for (String p : parts) {
            if (p.length() > 1 && p.charAt(0) == '0') {
                return "IP addresses must be written as four decimal parts, without leading zeros (they read as octal)";
            }
        }
        if (parts.length == 1) {
            return "IP addresses must be written as four decimal parts, not as one number";
        }
        if (parts.length < 4) {
            return "IP addresses must be written as four decimal parts, not shortened";
        }
        boolean decimalOctets = parts.length == 4;
        for (String p : parts) {
            decimalOctets &= !p.isEmpty() && p.length() <= 3 && Integer.parseInt(p) <= 255;
        }
        return decimalOctets ? null : "IP addresses must be written as four decimal parts from 0 to 255";
    }

    /** The kind of non-public address as an operator reads it ("a loopback address"), or null for a public one. */
    static String internal(InetAddress a) {
        String tunnel = tunnelled(a);
        if (tunnel != null) {
            return tunnel;
        }
        InetAddress v = embeddedV4(a);
        if (v.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (v.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (v.isLinkLocalAddress()) {
            return v instanceof Inet4Address && (v.getAddress()[2] & 0xff) == 169 && (v.getAddress()[3] & 0xff) == 254
                    ? "a cloud metadata address" : "a link-local address";
        }
        if (v.isSiteLocalAddress()) {
            return "a private address";
        }
        if (v.isMulticastAddress()) {
            return "a multicast address";
        }
        byte[] b = v.getAddress();
        if (v instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 100 && second >= 64 && second < 128) {
                return "a carrier-grade NAT address";
            }
            if (first == 0 || first >= 240 || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19))) {
                return "a reserved address";
            }
        } else if (v instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique-local address";
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return "a site-local address";
            }
        }
        return null;
    }

    /**
     * IPv6 ranges whose IPv4 part a gateway picks, so no address can be judged from them:
     * local-use NAT64 (64:ff9b:1::/48, the operator's own translators) and Teredo (2001::/32).
     */
    private static String tunnelled(InetAddress a) {
        byte[] b = a.getAddress();
        if (!(a instanceof Inet6Address) || b.length != 16) {
            return null;
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && b[4] == 0 && b[5] == 1) {
            return "a local-use NAT64 address";
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            return "a Teredo address";
        }
        return null;
    }

    /**
     * The IPv4 address an IPv6 one carries and reaches: IPv4-mapped (::ffff:0:0/96),
     * IPv4-compatible (::/96), NAT64's well-known prefix (64:ff9b::/96) and 6to4 (2002::/16).
     * Any other address is itself.
     */
    static InetAddress embeddedV4(InetAddress a) {
        byte[] b = a.getAddress();
        if (!(a instanceof Inet6Address) || b.length != 16) {
            return a;
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return v4(a, b, 2);
        }
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= b[i] == 0;
        }
        boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compat = zeros && b[10] == 0 && b[11] == 0 && (b[12] | b[13] | b[14]) != 0;
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        return mapped || compat || nat64 ? v4(a, b, 12) : a;
    }

    private static InetAddress v4(InetAddress a, byte[] b, int at) {
        try {
            return InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
        } catch (UnknownHostException impossible) {
            return a;
        }
    }

    /** An allow-list entry: an address with a prefix length. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            String[] parts = text.split("/");
            try {
                byte[] net = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : net.length * 8;
                return new Cidr(net, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("trace.outbound.allow: not a CIDR: " + text);
            }
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < b.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((b[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    public static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}

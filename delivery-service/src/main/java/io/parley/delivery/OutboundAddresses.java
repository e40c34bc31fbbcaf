package io.parley.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Which URLs delivery may call when the URL comes from outside (a telephony server's callback, a
 * customer's webhook, a document a user sent): http(s) only, and no loopback, private or link-local
 * address unless the deployment allows them, so a caller cannot make Parley reach its internal network.
 */
@Component
public class OutboundAddresses {

    private final boolean allowPrivate;

    OutboundAddresses(DeliveryProperties properties) {
        this.allowPrivate = properties.allowPrivateAddresses();
    }

    /** Why {@code url} must not be called, or empty when it may. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Optional.of("only http(s) URLs with a host may be called: " + url);
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                Optional<String> refusal = refusal(uri.getHost(), address);
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("unknown host " + uri.getHost());
        }
        return Optional.empty();
    }

    /**
     * Why {@code host}, resolved to {@code address}, must not be called, or empty when it may. The
     * outbound HTTP client asks this of the very address it is about to connect to.
     */
    public Optional<String> refusal(String host, InetAddress address) {
        if (allowPrivate) {
            return Optional.empty();
        }
        return specialPurpose(address).map(range -> host + " is a private or special-purpose address ("
                + address.getHostAddress() + ", in " + range + ")");
    }

    /**
     * The special-purpose ranges of RFC 6890 (and their later additions) that are not the public
     * internet, and IPv6's transition ranges, whose addresses carry an IPv4 address that may be private
     * (NAT64, 6to4, Teredo, IPv4-compatible). IPv4-mapped IPv6 addresses reach here as IPv4.
     */
    private static final List<Range> SPECIAL_PURPOSE = List.of(
            Range.of("0.0.0.0/8"), Range.of("10.0.0.0/8"), Range.of("100.64.0.0/10"), Range.of("127.0.0.0/8"),
            Range.of("169.254.0.0/16"), Range.of("172.16.0.0/12"), Range.of("192.0.0.0/24"), Range.of("192.0.2.0/24"),
            Range.of("192.31.196.0/24"), Range.of("192.52.193.0/24"), Range.of("192.88.99.0/24"), Range.of("192.168.0.0/16"),
            Range.of("192.175.48.0/24"), Range.of("198.18.0.0/15"), Range.of("198.51.100.0/24"), Range.of("203.0.113.0/24"),
            Range.of("224.0.0.0/4"), Range.of("240.0.0.0/4"),
            Range.of("::/96"), Range.of("::1/128"), Range.of("64:ff9b::/96"), Range.of("64:ff9b:1::/48"),
            Range.of("100::/64"), Range.of("2001::/23"), Range.of("2001:db8::/32"), Range.of("2002::/16"), Range.of("3fff::/20"),
            Range.of("5f00::/16"), Range.of("fc00::/7"), Range.of("fe80::/10"), Range.of("fec0::/10"), Range.of("ff00::/8"));

    /** The special-purpose range {@code address} is in, if any. */
    static Optional<String> specialPurpose(InetAddress address) {
        return SPECIAL_PURPOSE.stream().filter(range -> range.contains(address)).map(Range::cidr).findFirst();
    }

    private record Range(String cidr, byte[] network, int prefix) {
        static Range of(String cidr) {
            int slash = cidr.indexOf('/');
            try {
                return new Range(cidr, InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                        Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}

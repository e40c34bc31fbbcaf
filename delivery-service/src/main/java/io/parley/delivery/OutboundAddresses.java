package io.parley.delivery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
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
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress() || isUniqueLocal(address)) {
                    return Optional.of(uri.getHost() + " is a private address (" + address.getHostAddress() + ")");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("unknown host " + uri.getHost());
        }
        return Optional.empty();
    }

    /** IPv6's private range, fc00::/7, which {@link InetAddress#isSiteLocalAddress()} does not cover. */
    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }
}

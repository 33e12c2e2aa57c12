package org.takedown.web.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which resolved addresses outbound HTTP may reach — the one set of rules for every service that
 * calls a URL someone outside gave us (vendor webhooks, claimants' sites for domain proofs).
 * Without them such a URL could point us at our own admin ports, the database, or a cloud
 * metadata service (169.254.169.254).
 */
public final class AddressRules {

    private final boolean allowLoopback;
    private final boolean allowPrivate;

    public AddressRules(boolean allowLoopback, boolean allowPrivate) {
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
    }

    /** @return why the address is refused, or empty when it may be reached */
    public Optional<String> refusal(InetAddress address) {
        String ip = address.getHostAddress();
        if (address.isAnyLocalAddress() || isUnspecifiedRange(address)) {
            return Optional.of(ip + " is an unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of(ip + " is a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of(ip + " is a link-local address (this includes cloud metadata services)");
        }
        if (address.isMulticastAddress() || isBroadcast(address)) {
            return Optional.of(ip + " is a multicast or broadcast address");
        }
        if (address.isSiteLocalAddress() || isSharedOrUniqueLocal(address)) {
            return allowPrivate ? Optional.empty() : Optional.of(ip + " is a private address");
        }
        return Optional.empty();
    }

    /** 0.0.0.0/8: "this network", never a real destination. */
    private static boolean isUnspecifiedRange(InetAddress address) {
        return address instanceof Inet4Address && address.getAddress()[0] == 0;
    }

    private static boolean isBroadcast(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address && b[0] == -1 && b[1] == -1 && b[2] == -1 && b[3] == -1;
    }

    /** 100.64.0.0/10 (carrier-grade NAT) and fc00::/7 (IPv6 unique-local), which the JDK does not call site-local. */
    private static boolean isSharedOrUniqueLocal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        }
        return address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    }
}

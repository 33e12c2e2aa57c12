package org.takedown.verification.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The one gate for outbound HTTP: a claimant names the host we fetch from, so without this gate a
 * proof check could be aimed at our own network (SSRF). Refuses loopback, private, link-local,
 * carrier-grade NAT, unique-local IPv6, multicast and wildcard addresses unless configuration allows.
 */
@ApplicationScoped
public class OutboundGuard {

    /** The target may not be contacted; the message is the reason, fit for the evidence record. */
    public static final class Refused extends Exception {
        private final boolean unresolvable;

        public Refused(String message, boolean unresolvable) {
            super(message);
            this.unresolvable = unresolvable;
        }

        /** The host name does not resolve: not a refusal by policy, the site is just not there. */
        public boolean unresolvable() {
            return unresolvable;
        }
    }

    private final boolean allowPrivate;

    @Inject
    OutboundGuard(OutboundConfig config) {
        this(config.allowPrivateTargets());
    }

    public OutboundGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public void check(URI target) throws Refused {
        String scheme = target.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || target.getHost() == null) {
            throw new Refused("only http(s) URLs with a host may be fetched: " + target, false);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(target.getHost());
        } catch (UnknownHostException e) {
            throw new Refused("host does not resolve: " + target.getHost(), true);
        }
        if (allowPrivate) {
            return;
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new Refused("host " + target.getHost() + " resolves to non-public address " + address.getHostAddress(), false);
            }
        }
    }

    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            boolean cgnat = first == 100 && second >= 64 && second <= 127;
            boolean zero = first == 0;
            return !cgnat && !zero;
        }
        boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
        return !uniqueLocal;
    }
}

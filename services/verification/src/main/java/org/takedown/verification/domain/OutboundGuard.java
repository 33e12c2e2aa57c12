package org.takedown.verification.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.takedown.web.outbound.AddressRules;

/**
 * The gate for verification's outbound HTTP: a claimant names the host we fetch from, so without
 * it a proof check could be aimed at our own network (SSRF). The address rules are the shared
 * {@link AddressRules} (loopback, private, link-local, carrier-grade NAT, unique-local IPv6,
 * multicast, broadcast and unspecified addresses refused unless configuration allows).
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

    private final AddressRules rules;

    @Inject
    OutboundGuard(OutboundConfig config) {
        this(config.allowPrivateTargets());
    }

    /** @param allowPrivate let loopback and private targets through: tests only */
    public OutboundGuard(boolean allowPrivate) {
        this.rules = new AddressRules(allowPrivate, allowPrivate);
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
        for (InetAddress address : addresses) {
            java.util.Optional<String> refusal = rules.refusal(address);
            if (refusal.isPresent()) {
                throw new Refused("host " + target.getHost() + " is refused: " + refusal.get(), false);
            }
        }
    }
}

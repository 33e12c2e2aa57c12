package org.takedown.verification.domain;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.SocketException;
import java.util.Map;

/** Runs {@link TestDnsServer} with a test zone and points the service's resolver at it. */
public class TestDnsResource implements QuarkusTestResourceLifecycleManager {

    private TestDnsServer dns;

    @Override
    public Map<String, String> start() {
        try {
            dns = new TestDnsServer();
        } catch (SocketException e) {
            throw new IllegalStateException("cannot start the test DNS server", e);
        }
        dns.txt("_takedown-verification.claimant.test", "takedown-verification=tdv1-abc");
        dns.txt("_takedown-verification.split.test", "takedown-verification=", "tdv1-def");
        dns.silent("_takedown-verification.slow.test");
        return Map.of("takedown.verification.dns.server", dns.address());
    }

    @Override
    public void stop() {
        if (dns != null) {
            dns.close();
        }
    }
}

package org.takedown.verification.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class OutboundGuardTest {

    private final OutboundGuard strict = new OutboundGuard(false);

    @Test
    void loopbackIsRefused() {
        assertRefused("http://127.0.0.1/.well-known/x", "127.0.0.1");
        assertRefused("http://[::1]/", "0:0:0:0:0:0:0:1");
    }

    @Test
    void privateNetworksAreRefused() {
        assertRefused("https://10.1.2.3/", "10.1.2.3");
        assertRefused("https://192.168.0.10/", "192.168.0.10");
        assertRefused("https://172.16.5.5/", "172.16.5.5");
        assertRefused("https://100.64.0.1/", "100.64.0.1");
        assertRefused("https://[fd00::1]/", "fd00");
    }

    @Test
    void linkLocalIsRefused() {
        // The cloud metadata endpoint.
        assertRefused("http://169.254.169.254/latest/meta-data/", "169.254.169.254");
    }

    @Test
    void publicAddressPasses() {
        assertDoesNotThrow(() -> strict.check(URI.create("https://93.184.215.14/.well-known/x")));
    }

    @Test
    void otherSchemesAreRefused() {
        assertThrows(OutboundGuard.Refused.class, () -> strict.check(URI.create("file:///etc/passwd")));
    }

    @Test
    void configurationMayAllowLoopbackForTests() {
        assertDoesNotThrow(() -> new OutboundGuard(true).check(URI.create("http://127.0.0.1:8080/")));
    }

    private void assertRefused(String url, String address) {
        OutboundGuard.Refused refused = assertThrows(OutboundGuard.Refused.class, () -> strict.check(URI.create(url)));
        assertTrue(refused.getMessage().contains(address), refused.getMessage());
    }
}

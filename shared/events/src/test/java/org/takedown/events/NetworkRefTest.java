package org.takedown.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NetworkRefTest {

    private static final byte[] PEPPER = "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);

    @Test
    void neighboursInOneIpv4NetworkShareAReference() throws UnknownHostException {
        assertEquals(NetworkRef.of(InetAddress.getByName("203.0.113.7"), PEPPER),
                NetworkRef.of(InetAddress.getByName("203.0.113.250"), PEPPER));
    }

    @Test
    void anotherNetworkHasAnotherReference() throws UnknownHostException {
        assertNotEquals(NetworkRef.of(InetAddress.getByName("203.0.113.7"), PEPPER),
                NetworkRef.of(InetAddress.getByName("203.0.114.7"), PEPPER));
    }

    @Test
    void ipv6UsesTheSlash48() throws UnknownHostException {
        assertEquals(NetworkRef.of(InetAddress.getByName("2001:db8:abcd:1::1"), PEPPER),
                NetworkRef.of(InetAddress.getByName("2001:db8:abcd:ffff::9"), PEPPER));
        assertNotEquals(NetworkRef.of(InetAddress.getByName("2001:db8:abcd::1"), PEPPER),
                NetworkRef.of(InetAddress.getByName("2001:db8:abce::1"), PEPPER));
    }
}

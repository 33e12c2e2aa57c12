package org.takedown.web.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRulesTest {

    private static final AddressRules STRICT = new AddressRules(false, false);
    private static final AddressRules TESTS = new AddressRules(true, false);
    private static final AddressRules PRIVATE_NETWORK = new AddressRules(false, true);

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, loopback", "127.8.9.10, loopback", "::1, loopback",
            "10.0.0.1, private", "172.16.0.1, private", "172.31.255.254, private", "192.168.1.1, private",
            "100.64.0.1, private", "fc00::1, private", "fd12:3456::1, private",
            "169.254.169.254, link-local", "169.254.0.1, link-local", "fe80::1, link-local",
            "224.0.0.1, multicast", "239.255.255.250, multicast", "ff02::1, multicast", "255.255.255.255, broadcast",
            "0.0.0.0, unspecified", "0.1.2.3, unspecified", "::, unspecified",
            "::ffff:127.0.0.1, loopback", "::ffff:169.254.169.254, link-local"})
    void refusesNonPublicAddressesByDefault(String ip, String kind) throws UnknownHostException {
        Optional<String> refusal = STRICT.refusal(InetAddress.getByName(ip));
        assertTrue(refusal.isPresent(), ip + " should be refused");
        assertTrue(refusal.get().contains(kind), refusal.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700::1111"})
    void allowsPublicAddresses(String ip) throws UnknownHostException {
        assertEquals(Optional.empty(), STRICT.refusal(InetAddress.getByName(ip)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void loopbackOnlyWhenConfigured(String ip) throws UnknownHostException {
        assertEquals(Optional.empty(), TESTS.refusal(InetAddress.getByName(ip)));
        assertTrue(PRIVATE_NETWORK.refusal(InetAddress.getByName(ip)).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "192.168.0.10", "fd00::5"})
    void privateOnlyWhenConfigured(String ip) throws UnknownHostException {
        assertEquals(Optional.empty(), PRIVATE_NETWORK.refusal(InetAddress.getByName(ip)));
        assertTrue(TESTS.refusal(InetAddress.getByName(ip)).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "0.0.0.0", "224.0.0.1"})
    void linkLocalMulticastAndUnspecifiedAreNeverAllowed(String ip) throws UnknownHostException {
        AddressRules lenient = new AddressRules(true, true);
        assertTrue(lenient.refusal(InetAddress.getByName(ip)).isPresent());
    }
}

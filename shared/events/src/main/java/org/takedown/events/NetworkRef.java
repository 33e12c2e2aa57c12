package org.takedown.events;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonym of the network a request came from, for rate limits per source network without an IP
 * address in any event: HMAC-SHA256 (under intake's pepper) of the /24 (IPv4) or /48 (IPv6)
 * prefix. Neighbours in one network share a reference; the address cannot be read back.
 */
public final class NetworkRef {

    private NetworkRef() {
    }

    public static String of(InetAddress address, byte[] pepper) {
        byte[] bytes = address.getAddress();
        byte[] prefix = Arrays.copyOf(bytes, address instanceof Inet4Address ? 3 : 6);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            mac.update("network:".getBytes(StandardCharsets.US_ASCII));
            return "sn1_" + HexFormat.of().formatHex(mac.doFinal(prefix));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }
}

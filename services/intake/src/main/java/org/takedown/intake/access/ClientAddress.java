package org.takedown.intake.access;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The client's address; behind a proxy, set {@code quarkus.http.proxy.proxy-address-forwarding}
 * so that this is the claimant's, not the proxy's.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static Optional<InetAddress> of(HttpServerRequest request) {
        SocketAddress remote = request == null ? null : request.remoteAddress();
        String host = remote == null ? null : remote.host();
        // Literal addresses only: getByName must never turn into a DNS lookup of a forwarded header.
        if (host == null || !host.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
    }
}

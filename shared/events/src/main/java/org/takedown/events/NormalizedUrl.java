package org.takedown.events;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one URL normalisation used by intake (to de-duplicate what claimants send) and by
 * matching (to index data set URLs), so that both sides compare the same strings: lower-case
 * scheme and host (IDN as ASCII), default port dropped, empty path as {@code /}, fragment
 * dropped, dot segments resolved. Only {@code http} and {@code https} are accepted.
 */
public final class NormalizedUrl {

    public static final int MAX_LENGTH = 2048;

    private NormalizedUrl() {
    }

    /** The normalised form, or empty if the input is not an absolute http(s) URL with a host. */
    public static Optional<String> parse(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.strip()).normalize();
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getRawAuthority() == null
                    || uri.getUserInfo() != null) {
                return Optional.empty();
            }
            String host = uri.getHost();
            int port = uri.getPort();
            if (host == null) {
                // java.net.URI leaves internationalised host names unparsed: split the authority ourselves.
                String authority = uri.getAuthority();
                int colon = authority.lastIndexOf(':');
                host = colon < 0 ? authority : authority.substring(0, colon);
                port = colon < 0 ? -1 : Integer.parseInt(authority.substring(colon + 1));
            }
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            if (host.isEmpty()) {
                return Optional.empty();
            }
            boolean defaultPort = port == -1 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            StringBuilder out = new StringBuilder(scheme).append("://").append(host);
            if (!defaultPort) {
                out.append(':').append(port);
            }
            out.append(path);
            if (uri.getRawQuery() != null) {
                out.append('?').append(uri.getRawQuery());
            }
            return Optional.of(out.toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The host of a normalised URL. */
    public static String host(String normalizedUrl) {
        return URI.create(normalizedUrl).getHost();
    }
}

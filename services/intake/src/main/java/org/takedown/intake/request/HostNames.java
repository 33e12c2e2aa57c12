package org.takedown.intake.request;

import java.util.regex.Pattern;

/**
 * Whether a host is a public domain name a website owner can prove (DNS TXT, {@code /.well-known/}):
 * labels of letters, digits and inner hyphens (RFC 1123), at least two, at most 253 characters, and
 * not an IP address. {@code java.net.URI} gives up on hosts outside this rule (an underscore, say),
 * which used to surface as a 500; here they are refused by name.
 */
final class HostNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private HostNames() {
    }

    /** The host of a normalised http(s) URL (lower-case, IDN as ASCII), or null if it has none. */
    static String hostOf(String normalizedUrl) {
        int start = normalizedUrl.indexOf("://");
        if (start < 0) {
            return null;
        }
        start += 3;
        int end = start;
        while (end < normalizedUrl.length() && "/:?#".indexOf(normalizedUrl.charAt(end)) < 0) {
            end++;
        }
        return end == start ? null : normalizedUrl.substring(start, end);
    }

    static boolean isPublicDomainName(String host) {
        if (host == null || host.length() > 253) {
            return false;
        }
        String[] labels = host.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // A top-level label of digits only is an IPv4 address, not a domain.
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }
}

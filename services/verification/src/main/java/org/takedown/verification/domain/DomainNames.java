package org.takedown.verification.domain;

import java.lang.Character.UnicodeScript;
import java.net.IDN;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Domain input hygiene for proofs of control: one canonical ASCII host per input, or a plain reason
 * code. Upper case and a trailing dot are normalised away; a port, a malformed name, or a label that
 * mixes scripts (the IDN homograph trick: Cyrillic "а" inside a Latin name) is refused.
 */
public final class DomainNames {

    public static final String DOMAIN_INVALID = "DOMAIN_INVALID";
    public static final String DOMAIN_WITH_PORT = "DOMAIN_WITH_PORT";
    public static final String DOMAIN_MIXED_SCRIPT = "DOMAIN_MIXED_SCRIPT";

    /** The host to prove, or why the input cannot be one. */
    public record Parsed(String host, String refusal) {
        public boolean ok() {
            return refusal == null;
        }
    }

    private static final Pattern LDH_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** Script combinations allowed in one label (Unicode TS #39 "highly restrictive"). */
    private static final List<Set<UnicodeScript>> ALLOWED_MIXES = List.of(
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

    private DomainNames() {
    }

    /** Accepts a host name or a URL prefix ({@code https://example.org/art/}); proofs are per host. */
    public static Parsed parse(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 2048) {
            return refused(DOMAIN_INVALID);
        }
        String value = raw.strip();
        int scheme = value.indexOf("://");
        if (scheme >= 0) {
            value = value.substring(scheme + 3);
        }
        String authority = value.split("[/?#]", 2)[0];
        if (authority.contains("@")) {
            return refused(DOMAIN_INVALID);
        }
        if (authority.contains(":")) {
            return refused(DOMAIN_WITH_PORT);
        }
        String host = authority.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String unicode;
        String ascii;
        try {
            unicode = IDN.toUnicode(host, IDN.ALLOW_UNASSIGNED);
            ascii = IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return refused(DOMAIN_INVALID);
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2 || ascii.length() > 253) {
            return refused(DOMAIN_INVALID);
        }
        for (String label : labels) {
            if (!LDH_LABEL.matcher(label).matches()) {
                return refused(DOMAIN_INVALID);
            }
        }
        for (String label : unicode.split("\\.")) {
            if (mixesScripts(label)) {
                return refused(DOMAIN_MIXED_SCRIPT);
            }
        }
        return new Parsed(ascii, null);
    }

    static boolean mixesScripts(String label) {
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        label.codePoints().forEach(cp -> {
            UnicodeScript script = UnicodeScript.of(cp);
            if (script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED) {
                scripts.add(script);
            }
        });
        return scripts.size() > 1 && ALLOWED_MIXES.stream().noneMatch(allowed -> allowed.containsAll(scripts));
    }

    private static Parsed refused(String reason) {
        return new Parsed(null, reason);
    }
}

package org.takedown.verification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DomainNamesTest {

    @Test
    void upperCaseIsLowered() {
        assertEquals("example.org", DomainNames.parse("Example.ORG").host());
    }

    @Test
    void trailingDotIsDropped() {
        assertEquals("example.org", DomainNames.parse("example.org.").host());
    }

    @Test
    void urlPrefixProvesItsHost() {
        assertEquals("photos.example.org", DomainNames.parse("https://photos.example.org/art/").host());
    }

    @Test
    void portIsRefused() {
        assertEquals(DomainNames.DOMAIN_WITH_PORT, DomainNames.parse("example.org:8443").refusal());
        assertEquals(DomainNames.DOMAIN_WITH_PORT, DomainNames.parse("https://example.org:8443/art/").refusal());
    }

    @Test
    void cyrillicLetterInALatinNameIsRefused() {
        // "аpple.com" with U+0430 CYRILLIC SMALL LETTER A
        assertEquals(DomainNames.DOMAIN_MIXED_SCRIPT, DomainNames.parse("\u0430pple.com").refusal());
    }

    @Test
    void mixedScriptInPunycodeIsRefusedToo() {
        assertEquals(DomainNames.DOMAIN_MIXED_SCRIPT, DomainNames.parse(java.net.IDN.toASCII("\u0430pple.com")).refusal());
    }

    @Test
    void singleScriptInternationalNameIsAcceptedAsPunycode() {
        assertEquals("xn--bcher-kva.example", DomainNames.parse("b\u00fccher.example").host());
        assertEquals(java.net.IDN.toASCII("пример.рф"), DomainNames.parse("пример.рф").host());
    }

    @Test
    void japaneseMixOfHanAndKanaIsAllowed() {
        assertEquals(true, DomainNames.parse("日本語のドメイン.jp").ok());
    }

    @Test
    void malformedNamesAreRefused() {
        for (String bad : new String[] {"", "localhost", "exa mple.org", "-bad.example", "a..b", "user@example.org", "under_score.example"}) {
            assertEquals(DomainNames.DOMAIN_INVALID, DomainNames.parse(bad).refusal(), bad);
        }
    }
}

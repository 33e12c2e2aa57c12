package org.takedown.intake.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostNamesTest {

    @Test
    void publicDomainNamesPass() {
        assertTrue(HostNames.isPublicDomainName("example.org"));
        assertTrue(HostNames.isPublicDomainName("images.my-site.example.org"));
        assertTrue(HostNames.isPublicDomainName("xn--bcher-kva.example"));
    }

    @Test
    void underscoresBadHyphensSingleLabelsAndAddressesAreRefused() {
        assertFalse(HostNames.isPublicDomainName("my_site.example.org"));
        assertFalse(HostNames.isPublicDomainName("-site.example.org"));
        assertFalse(HostNames.isPublicDomainName("site-.example.org"));
        assertFalse(HostNames.isPublicDomainName("localhost"));
        assertFalse(HostNames.isPublicDomainName("192.168.1.10"));
        assertFalse(HostNames.isPublicDomainName("[::1]"));
        assertFalse(HostNames.isPublicDomainName("a..example.org"));
        assertFalse(HostNames.isPublicDomainName("a".repeat(64) + ".example.org"));
        assertFalse(HostNames.isPublicDomainName(null));
    }

    @Test
    void theHostIsTakenFromANormalisedUrl() {
        assertEquals("my_site.example.org", HostNames.hostOf("https://my_site.example.org/art/"));
        assertEquals("example.org", HostNames.hostOf("http://example.org:8080/"));
        assertNull(HostNames.hostOf("https:///path"));
    }
}

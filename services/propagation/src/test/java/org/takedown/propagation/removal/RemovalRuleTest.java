package org.takedown.propagation.removal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemovalRuleTest {

    @Test
    void aHostIsADomainRuleInLowerCaseAscii() {
        assertEquals(Optional.of(new RemovalRule("DOMAIN", "example.org", "example.org")), RemovalRule.parse(" Example.ORG. "));
        assertEquals(Optional.of(new RemovalRule("DOMAIN", "xn--bcher-kva.example", "xn--bcher-kva.example")),
                RemovalRule.parse("bücher.example"));
        assertEquals("example.org", RemovalRule.parse("*.example.org").orElseThrow().value());
    }

    @Test
    void aUrlIsAPrefixRuleEndingInASlashWithoutItsQuery() {
        assertEquals(Optional.of(new RemovalRule("PREFIX", "https://example.org/photos/", "example.org/photos")),
                RemovalRule.parse("HTTPS://Example.org:443/photos?page=2"));
        assertEquals(Optional.of(new RemovalRule("PREFIX", "http://example.org/", "example.org")),
                RemovalRule.parse("http://example.org"));
    }

    @Test
    void aSingleLabelOrGarbageIsNoRule() {
        assertTrue(RemovalRule.parse("org").isEmpty());
        assertTrue(RemovalRule.parse("").isEmpty());
        assertTrue(RemovalRule.parse("exa mple.org").isEmpty());
        assertTrue(RemovalRule.parse("ftp://example.org/").isEmpty());
        assertTrue(RemovalRule.parse("https://localhost/").isEmpty());
    }
}

package org.takedown.propagation.removal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleSetTest {

    private static boolean covers(RuleSet rules, String normalizedUrl) {
        byte[] b = ("xx" + normalizedUrl + "yy").getBytes(StandardCharsets.UTF_8);
        return rules.covers(b, 2, b.length - 2);
    }

    private static RuleSet domain(String host) {
        RuleSet rules = new RuleSet(1, 0);
        rules.add(true, host);
        return rules;
    }

    private static RuleSet prefix(String key) {
        RuleSet rules = new RuleSet(0, 1);
        rules.add(false, key);
        return rules;
    }

    @Test
    void aDomainRuleCoversTheHostAndEverySubdomainOnAnySchemeAndPort() {
        RuleSet rules = domain("example.org");
        assertTrue(covers(rules, "https://example.org/a.jpg"));
        assertTrue(covers(rules, "http://cdn.images.example.org/x/y.jpg?size=2"));
        assertTrue(covers(rules, "https://example.org:8443/a.jpg"));
        assertTrue(covers(rules, "https://example.org/"));
    }

    @Test
    void aHostThatMerelyEndsWithTheSameLettersIsNotUnderADomainRule() {
        RuleSet rules = domain("example.org");
        assertFalse(covers(rules, "https://evil-example.org/a.jpg"));
        assertFalse(covers(rules, "https://notexample.org/a.jpg"));
        assertFalse(covers(rules, "https://example.org.evil.net/a.jpg"));
        assertFalse(covers(rules, "https://other.net/example.org/a.jpg"));
        assertFalse(covers(rules, "https://org/a.jpg"));
    }

    @Test
    void aPrefixRuleCoversItsPathAtSlashBoundariesOnItsHostOnly() {
        RuleSet rules = prefix("example.org/photos");
        assertTrue(covers(rules, "https://example.org/photos/a.jpg"));
        assertTrue(covers(rules, "http://example.org/photos/2020/b.jpg?x=1"));
        assertTrue(covers(rules, "https://example.org/photos"));
        assertTrue(covers(rules, "https://example.org/photos/"));
        assertFalse(covers(rules, "https://example.org/photos2/a.jpg"));
        assertFalse(covers(rules, "https://example.org/other/photos/a.jpg"));
        assertFalse(covers(rules, "https://cdn.example.org/photos/a.jpg"));
        assertFalse(covers(rules, "https://example.org:8080/photos/a.jpg"));
        assertFalse(covers(rules, "https://example.org/"));
    }

    @Test
    void aRootPrefixRuleCoversTheWholeHostButNotItsSubdomains() {
        RuleSet rules = prefix("example.org");
        assertTrue(covers(rules, "https://example.org/a/b.jpg"));
        assertFalse(covers(rules, "https://www.example.org/a/b.jpg"));
    }

    @Test
    void aRemovedRuleCoversNothingAndNoRulesCoverNothing() {
        RuleSet rules = domain("example.org");
        rules.remove(true, "example.org");
        assertFalse(covers(rules, "https://example.org/a.jpg"));
        assertTrue(rules.isEmpty());
        assertFalse(covers(new RuleSet(0, 0), "https://example.org/a.jpg"));
    }

    @Test
    void theKeysOfAUrlAreItsHostsAndPathPrefixes() {
        assertEquals(Set.copyOf(List.of("DOMAIN:a.example.org", "DOMAIN:example.org", "PREFIX:a.example.org",
                "PREFIX:a.example.org/p", "PREFIX:a.example.org/p/x.jpg")), RuleSet.keysOf("https://a.example.org/p/x.jpg?q=1"));
    }
}

package org.takedown.review.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The site an item is on: the host of its URL, and whether a site filter takes it (the host or a subdomain). */
class CaseCandidateHostTest {

    @Test
    void theHostIsLowerCaseWithoutUserInfoOrPort() {
        assertEquals("cdn.example.org", CaseCandidate.hostOf("https://user@CDN.Example.org:8443/a/b.jpg?x=1"));
        assertNull(CaseCandidate.hostOf("not a url"));
        assertNull(CaseCandidate.hostOf(null));
    }

    @Test
    void anItemIsOnASiteAndItsSubdomainsButNotOnALookAlike() {
        CaseCandidate item = new CaseCandidate();
        item.url = "https://img.pics.example/1.jpg";
        item.rememberHost();
        assertTrue(item.isOn("pics.example"));
        assertTrue(item.isOn("img.pics.example"));
        assertFalse(item.isOn("s.example"), "a suffix that is not a whole label");
        assertFalse(item.isOn("other.example"));
    }
}

package org.takedown.verification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JndiTxtResolverTest {

    @Test
    void quotedCharacterStringsOfOneRecordAreJoined() {
        assertEquals("takedown-verification=tdv1-abc", JndiTxtResolver.unquote("\"takedown-verification=\" \"tdv1-abc\""));
    }

    @Test
    void unquotedStringsOfOneRecordAreJoinedToo() {
        assertEquals("takedown-verification=tdv1-abc", JndiTxtResolver.unquote("takedown-verification= tdv1-abc"));
    }

    @Test
    void blanksInsideAQuotedStringStay() {
        assertEquals("a bc", JndiTxtResolver.unquote("\"a b\" c"));
    }

    @Test
    void unquotedValueIsKept() {
        assertEquals("takedown-verification=tdv1-abc", JndiTxtResolver.unquote("takedown-verification=tdv1-abc"));
    }
}

package org.takedown.verification.domain;

import java.time.Duration;
import java.util.List;

/** Looks up DNS TXT records; pluggable so that tests can answer for a test zone. */
public interface TxtResolver {

    /** The TXT strings of {@code name} (character-strings of one record joined); empty if there are none. */
    List<String> lookup(String name, Duration timeout) throws TimeoutException, LookupException;

    final class TimeoutException extends Exception {
        public TimeoutException(String message) {
            super(message);
        }
    }

    final class LookupException extends Exception {
        public LookupException(String message) {
            super(message);
        }
    }
}

package org.takedown.messaging;

/**
 * An event that breaks a rule of the consuming service and will break it again however often it is
 * applied: a decision for a case that does not exist, a transition the state machine forbids. Thrown
 * from an effect run by {@link Inbox#consume}, it sends the event to the dead-letter topic at once, with
 * this message as the reason; anything that might pass on its own (a database, another service, a
 * timeout) must not be wrapped in it.
 */
public class InvariantViolation extends RuntimeException {

    public InvariantViolation(String message) {
        super(message);
    }

    public InvariantViolation(String message, Throwable cause) {
        super(message, cause);
    }
}

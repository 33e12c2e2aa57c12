package org.takedown.cli;

/**
 * A failure the operator can act on: the message says what went wrong and what to do next. The CLI prints it
 * without a stack trace and exits with {@link #exitCode()}.
 */
public class CliException extends RuntimeException {

    /** A server or the broker refused or failed the operation. */
    public static final int FAILED = 1;
    /** Not logged in, or the session ended. */
    public static final int NOT_LOGGED_IN = 3;
    /** A service, Keycloak or Kafka could not be reached. */
    public static final int UNREACHABLE = 4;

    private final int exitCode;

    public CliException(String message) {
        this(FAILED, message);
    }

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

package org.takedown.verification.domain;

/** The outcome of one check of one proof: what was asked, what came back, in plain words. */
public record CheckResult(Method method, Result result, String detail) {

    public enum Method {
        HTTP_FILE,
        DNS_TXT
    }

    public enum Result {
        PROVEN,
        TOKEN_MISMATCH,
        NOT_FOUND,
        HTTP_STATUS,
        REDIRECT_TO_OTHER_HOST,
        TOO_MANY_REDIRECTS,
        TARGET_REFUSED,
        TIMEOUT,
        UNREACHABLE
    }

    public boolean proven() {
        return result == Result.PROVEN;
    }
}

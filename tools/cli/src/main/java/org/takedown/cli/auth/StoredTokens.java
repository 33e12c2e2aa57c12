package org.takedown.cli.auth;

import java.time.Instant;

/**
 * What a login leaves behind: the tokens and whom and where they belong to. A stored session of another realm or
 * client (the settings changed since) is not used.
 */
public record StoredTokens(String realmUrl, String clientId, String username, String accessToken, String refreshToken,
        long expiresAt, long refreshExpiresAt) {

    /** Valid for at least {@code marginSeconds} more. */
    public boolean accessValidFor(Instant now, long marginSeconds) {
        return now.getEpochSecond() + marginSeconds < expiresAt;
    }

    /** A refresh token that has not run out ({@code refreshExpiresAt} 0: Keycloak gave no end, offline tokens). */
    public boolean canRefresh(Instant now) {
        return refreshToken != null && (refreshExpiresAt == 0 || now.getEpochSecond() < refreshExpiresAt);
    }
}

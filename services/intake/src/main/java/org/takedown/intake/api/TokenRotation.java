package org.takedown.intake.api;

import java.util.UUID;

/** Answer to a token rotation: the new access token, shown this once. */
public record TokenRotation(UUID id, String accessToken, String statusUrl) {
}

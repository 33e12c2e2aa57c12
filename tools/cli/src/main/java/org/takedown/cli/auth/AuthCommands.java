package org.takedown.cli.auth;

import java.time.Instant;

import org.takedown.cli.Operation;

import picocli.CommandLine.Command;

/** Logging in and out, and who is logged in. */
public final class AuthCommands {

    private AuthCommands() {
    }

    @Command(name = "login", description = {"Log in through Keycloak with the device authorization grant (RFC 8628).",
            "Prints an address and a code: open it in any browser (also on another machine), sign in, confirm.",
            "The tokens are stored in tokens.json of the configuration directory, readable by you only, and refreshed as needed."})
    public static final class Login extends Operation {

        @Override
        protected void run() {
            StoredTokens tokens = context().oidc().deviceLogin(out());
            context().tokens().write(tokens);
            out().println("Logged in as " + tokens.username() + " (roles: " + String.join(", ", Jwt.realmRoles(tokens.accessToken()))
                    + "). Tokens in " + context().tokens().file() + ", readable by you only.");
        }
    }

    @Command(name = "logout", description = "End the session at Keycloak and delete the stored tokens.")
    public static final class Logout extends Operation {

        @Override
        protected void run() {
            var stored = context().tokens().read();
            if (stored.isEmpty()) {
                out().println("Not logged in.");
                return;
            }
            boolean revoked = stored.get().refreshToken() != null && context().oidc().revoke(stored.get());
            context().tokens().delete();
            out().println("Logged out" + (revoked ? "." : " here (Keycloak could not be told; the session ends when it expires)."));
        }
    }

    @Command(name = "whoami", description = "Show who is logged in, with which roles, and until when (refreshes the token).")
    public static final class Whoami extends Operation {

        @Override
        protected void run() {
            String token = context().session().accessToken();
            StoredTokens stored = context().tokens().read().orElseThrow();
            out().println(Jwt.username(token) + " at " + stored.realmUrl());
            out().println("roles: " + String.join(", ", Jwt.realmRoles(token)));
            out().println("access token valid until " + Instant.ofEpochSecond(stored.expiresAt())
                    + (stored.refreshExpiresAt() == 0 ? "" : ", session until " + Instant.ofEpochSecond(stored.refreshExpiresAt())));
        }
    }
}

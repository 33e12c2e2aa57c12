package org.takedown.cli;

import java.io.PrintWriter;
import java.time.Clock;

import org.takedown.cli.api.Api;
import org.takedown.cli.api.Http;
import org.takedown.cli.auth.Oidc;
import org.takedown.cli.auth.Session;
import org.takedown.cli.auth.TokenStore;

/** What every command works with: settings, the terminal, the session and the APIs. One per run. */
public final class Context {

    private final CliSettings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock;
    private final Http http = new Http();
    private final TokenStore tokens;
    private final Oidc oidc;
    private final Session session;

    public Context(CliSettings settings, PrintWriter out, PrintWriter err, Clock clock) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.tokens = new TokenStore(settings.configDir());
        this.oidc = new Oidc(settings, http, clock);
        this.session = new Session(settings, tokens, oidc, clock);
    }

    public CliSettings settings() {
        return settings;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public Clock clock() {
        return clock;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public Oidc oidc() {
        return oidc;
    }

    public Session session() {
        return session;
    }

    /** The services' APIs as the logged-in operator. */
    public Api api() {
        return new Api(settings, http, session::accessToken);
    }

    /** The services' APIs with the operator's token if logged in, else anonymously (public endpoints). */
    public Api apiIfLoggedIn() {
        return session.stored().isPresent() ? api() : new Api(settings, http, null);
    }
}

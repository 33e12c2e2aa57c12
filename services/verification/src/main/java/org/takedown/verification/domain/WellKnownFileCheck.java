package org.takedown.verification.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.takedown.verification.domain.CheckResult.Method;
import org.takedown.verification.domain.CheckResult.Result;

/**
 * Fetches {@code /.well-known/takedown-verification.txt} of a domain and looks for the token on a
 * line of its own (one file can then prove several requests). Redirects are followed only within the
 * same host and only through the guard: a redirect elsewhere would let someone else's site answer.
 */
@ApplicationScoped
public class WellKnownFileCheck {

    static final int MAX_BYTES = 8 * 1024;

    private final OutboundGuard guard;
    private final DomainProofConfig config;
    private final HttpClient client;

    WellKnownFileCheck(OutboundGuard guard, DomainProofConfig config) {
        this.guard = guard;
        this.config = config;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.httpTimeout())
                .build();
    }

    public URI urlFor(String domain) {
        return URI.create(config.wellKnownUrl().replace("{domain}", domain));
    }

    public CheckResult check(String domain, String token) {
        URI target = urlFor(domain);
        String originalHost = target.getHost().toLowerCase(Locale.ROOT);
        for (int hop = 0; hop <= config.maxRedirects(); hop++) {
            try {
                guard.check(target);
            } catch (OutboundGuard.Refused refused) {
                return result(refused.unresolvable() ? Result.UNREACHABLE : Result.TARGET_REFUSED, refused.getMessage());
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(HttpRequest.newBuilder(target).timeout(config.httpTimeout()).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                return result(Result.TIMEOUT, "no answer from " + target + " within " + config.httpTimeout());
            } catch (IOException e) {
                return result(Result.UNREACHABLE, target + " could not be reached: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result(Result.UNREACHABLE, "check interrupted");
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                close(response);
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    return result(Result.HTTP_STATUS, target + " answered " + status + " without a Location");
                }
                URI next = target.resolve(location);
                if (next.getHost() == null || !originalHost.equals(next.getHost().toLowerCase(Locale.ROOT))) {
                    return result(Result.REDIRECT_TO_OTHER_HOST,
                            target + " redirects to another host (" + next.getHost() + "); refused");
                }
                target = next;
                continue;
            }
            if (status == 404 || status == 410) {
                close(response);
                return result(Result.NOT_FOUND, target + " answered " + status);
            }
            if (status != 200) {
                close(response);
                return result(Result.HTTP_STATUS, target + " answered " + status);
            }
            return compare(target, response, token);
        }
        return result(Result.TOO_MANY_REDIRECTS, "more than " + config.maxRedirects() + " redirects");
    }

    private static CheckResult compare(URI target, HttpResponse<InputStream> response, String token) {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return result(Result.UNREACHABLE, "reading " + target + " failed: " + e.getClass().getSimpleName());
        }
        boolean found = body.lines().map(String::strip).anyMatch(token::equals);
        return found
                ? result(Result.PROVEN, target + " serves the token")
                : result(Result.TOKEN_MISMATCH, target + " does not contain the token of this request");
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the answer is already decided; a failing close changes nothing
        }
    }

    private static CheckResult result(Result result, String detail) {
        return new CheckResult(Method.HTTP_FILE, result, detail);
    }
}

package org.takedown.intake.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.takedown.events.NetworkRef;
import org.takedown.intake.access.FailedAttemptLimiter;
import org.takedown.web.ProblemException;

/**
 * The pre-filing search (ADR 025): validates the query, counts it against the searcher's network and asks matching,
 * which searches every ACTIVE release. Nothing about the searcher is stored or logged: not the words, not the hash,
 * not the address (the limiter keys its windows by an HMAC of the network under a key drawn at start-up and never
 * stored). Matching sees intake as its one client: its own per-address limit is the ceiling for all searchers together.
 */
@ApplicationScoped
public class PreFilingSearch {

    private static final Logger LOG = Logger.getLogger(PreFilingSearch.class);

    private final MatchingSearchClient matching;
    private final SearchConfig config;
    private final FailedAttemptLimiter limiter;
    private final byte[] networkKey = new byte[32];

    PreFilingSearch(@RestClient MatchingSearchClient matching, SearchConfig config) {
        this.matching = matching;
        this.config = config;
        // A sliding minute per network: every search is recorded as an "attempt" and the network waits once it made
        // perMinute of them within the minute.
        this.limiter = new FailedAttemptLimiter(Math.max(1, config.perMinute()), Duration.ofMinutes(1), 100_000,
                Clock.systemUTC());
        new SecureRandom().nextBytes(networkKey);
    }

    /** Search matching could not answer (down, slow, or an unexpected answer): 503, nothing searched. */
    public static final class SearchUnavailableException extends ProblemException {
        SearchUnavailableException() {
            super(503, "search-unavailable", "Search unavailable",
                    "The search of the data sets is not available right now; please try again later.", List.of());
        }
    }

    /** Captions in every ACTIVE release; {@code q} is checked here (required, at most maxQueryLength characters). */
    public MatchingSearchClient.Results captions(String q, Optional<InetAddress> client) {
        if (q == null || q.isBlank()) {
            throw ProblemException.invalidField("q", "the words to look for in captions are required");
        }
        if (q.length() > config.maxQueryLength()) {
            throw ProblemException.invalidField("q", "at most " + config.maxQueryLength() + " characters");
        }
        count(client);
        return call(() -> matching.captions(q.strip(), config.resultsPerRelease()));
    }

    /** Near-duplicates of an image hashed on the searcher's device: {@code pdq} 64 hex digits, quality 0..100. */
    public MatchingSearchClient.Results hashes(MatchingSearchClient.HashQuery query, Optional<InetAddress> client) {
        if (query == null || query.pdq() == null || !query.pdq().matches("[0-9a-fA-F]{64}")) {
            throw ProblemException.invalidField("pdq", "a PDQ hash: 64 hexadecimal digits");
        }
        if (query.quality() == null || query.quality() < 0 || query.quality() > 100) {
            throw ProblemException.invalidField("quality", "the hash's PDQ quality, 0..100");
        }
        count(client);
        return call(() -> matching.hashes(new MatchingSearchClient.HashQuery(query.pdq().toLowerCase(java.util.Locale.ROOT),
                query.quality())));
    }

    private void count(Optional<InetAddress> client) {
        String key = client.map(address -> NetworkRef.of(address, networkKey)).orElse("unknown");
        Optional<Duration> wait = limiter.blockedFor(key);
        if (wait.isPresent()) {
            throw new TooManySearchesException(Math.max(1, (wait.get().toMillis() + 999) / 1000));
        }
        limiter.recordFailure(key);
    }

    private static MatchingSearchClient.Results call(java.util.function.Supplier<MatchingSearchClient.Results> search) {
        try {
            MatchingSearchClient.Results results = search.get();
            if (results == null || results.releases() == null) {
                throw new SearchUnavailableException();
            }
            return results;
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            if (status == 429) {
                String retry = e.getResponse().getHeaderString(HttpHeaders.RETRY_AFTER);
                throw new TooManySearchesException(retry != null && retry.matches("[0-9]{1,6}") ? Long.parseLong(retry) : 5);
            }
            LOG.warnf("pre-filing search: matching answered %d", status);
            throw new SearchUnavailableException();
        } catch (ProcessingException e) {
            LOG.warnf("pre-filing search: matching not reachable (%s)", e.getClass().getSimpleName());
            throw new SearchUnavailableException();
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            // An answer we cannot read: the searcher learns only that the search is unavailable.
            LOG.warnf("pre-filing search: matching's answer unusable (%s)", e.getClass().getSimpleName());
            throw new SearchUnavailableException();
        }
    }
}

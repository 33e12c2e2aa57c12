package org.takedown.review.metrics;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * Tells the client how long the server worked on a request: {@code Server-Timing: app;dur=<ms>}, from
 * the moment the request reached the HTTP layer until its response headers are written (for a page,
 * after it was rendered; login checks, database reads and template included). That is what the queue
 * benchmark measures, and what a browser's developer tools show next to the network time.
 */
@ApplicationScoped
public class ServerTiming {

    void register(@Observes Filters filters) {
        filters.register(routing -> {
            long start = System.nanoTime();
            routing.addHeadersEndHandler(v -> routing.response().putHeader("Server-Timing",
                    String.format(Locale.ROOT, "app;dur=%.1f", (System.nanoTime() - start) / 1_000_000.0)));
            routing.next();
        }, 1000);
    }
}

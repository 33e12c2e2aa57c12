package org.takedown.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps one trace per takedown request in this service. A request arrives with a trace (the
 * claimant's submission, or the event that brought it here); what the service later publishes about
 * it, even from another trace (a reviewer's click, a vendor's acknowledgement, a scheduled retry),
 * continues the request's trace through a short span that links to the trace it came from. Does
 * nothing while tracing is off.
 */
@ApplicationScoped
public class RequestTraces {

    private final EntityManager entityManager;
    private final Tracer tracer;
    private final MessagingConfig config;
    private final String table;

    private final boolean tracing;

    RequestTraces(EntityManager entityManager, Tracer tracer, MessagingConfig config,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean tracingOff) {
        this.entityManager = entityManager;
        this.tracing = !tracingOff;
        this.tracer = tracer;
        this.config = config;
        this.table = SqlNames.qualified(config.schema(), "request_trace");
    }

    /**
     * Records the current trace as the request's trace unless it has one; inside the caller's
     * transaction. The outbox and inbox do this on their own; a service calls it where a request
     * begins without an event (e.g. one that waits for the claimant's confirmation).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(UUID requestId) {
        if (!tracing) {
            return;
        }
        String current = TraceParent.current();
        if (current != null) {
            insert(requestId, current);
        }
    }

    /**
     * The traceparent an event about {@code requestId} is published under: the current one when
     * it is the request's trace (or the request has none yet, which makes it the request's trace),
     * otherwise a new span in the request's trace, linked to the current span if there is one (a
     * scheduled job has none); null while tracing is off.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    String forPublication(UUID requestId, String eventType) {
        if (!tracing) {
            return null;
        }
        String current = TraceParent.current();
        String home = home(requestId);
        if (home == null) {
            if (current != null) {
                insert(requestId, current);
            }
            return current;
        }
        SpanContext here = Span.current().getSpanContext();
        Context requestTrace = TraceParent.toContext(home);
        if (Span.fromContext(requestTrace).getSpanContext().getTraceId().equals(here.getTraceId())) {
            return current;
        }
        var builder = tracer.spanBuilder("publish " + eventType)
                .setParent(requestTrace)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute("takedown.request.id", requestId.toString());
        if (here.isValid()) {
            builder.addLink(here);
        }
        Span bridge = builder.startSpan();
        try (Scope ignored = bridge.makeCurrent()) {
            return TraceParent.current();
        } finally {
            bridge.end();
        }
    }

    private String home(UUID requestId) {
        List<?> rows = entityManager.createNativeQuery("SELECT trace_parent FROM " + table + " WHERE request_id = ?1")
                .setParameter(1, requestId)
                .getResultList();
        return rows.isEmpty() ? null : (String) rows.get(0);
    }

    private void insert(UUID requestId, String traceParent) {
        entityManager.createNativeQuery("INSERT INTO " + table + " (request_id, trace_parent) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, requestId)
                .setParameter(2, traceParent)
                .executeUpdate();
    }

    /** Requests older than the retention start a new trace if anything still happens to them. */
    @Scheduled(every = "1h", delayed = "1m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void forgetOld() {
        entityManager.createNativeQuery("DELETE FROM " + table + " WHERE created_at < ?1")
                .setParameter(1, Timestamp.from(Instant.now().minus(config.requestTraceRetention())))
                .executeUpdate();
    }
}

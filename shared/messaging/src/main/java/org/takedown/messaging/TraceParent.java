package org.takedown.messaging;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * The W3C {@code traceparent} of a trace, as the outbox keeps it between the transaction that
 * recorded an event and the relay that publishes it (another thread, maybe after a restart).
 * Without it every event would start a trace of its own and a request could not be followed
 * from service to service.
 */
final class TraceParent {

    private static final String HEADER = "traceparent";
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceParent() {
    }

    /** The current span's traceparent, or null when tracing is off or no span is active. */
    static String current() {
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /** The context to continue from; the root context (a new trace) when there is none or it is unreadable. */
    static Context toContext(String traceParent) {
        if (traceParent == null || traceParent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(HEADER, traceParent), GETTER);
    }
}

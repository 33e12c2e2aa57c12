package org.takedown.messaging;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import org.takedown.events.EventCodec;
import org.takedown.events.TakedownEvent;

/**
 * For benchmarks that run a service's matching code without a database: serialises each event as
 * the real outbox does (the JSON is part of a match's cost) and counts the bytes instead of inserting
 * a row. Lives in this package only because Outbox's constructor is package-private.
 */
public final class BenchOutbox extends Outbox {

    public final AtomicLong events = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();

    public BenchOutbox() {
        super(null, null, null, null, (MessagingConfig) Proxy.newProxyInstance(MessagingConfig.class.getClassLoader(),
                new Class<?>[] {MessagingConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "schema" -> "bench";
                    case "source" -> "/takedown/bench";
                    default -> method.getReturnType() == int.class ? 100 : null;
                }));
    }

    @Override
    public void publish(TakedownEvent event) {
        events.incrementAndGet();
        bytes.addAndGet(EventCodec.write(event).length());
    }
}

package org.takedown.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every {@link OutboxEventParked} the relay announces, for {@code OutboxParkingIT}. */
@ApplicationScoped
public class ParkedEventsRecorder {

    private final List<OutboxEventParked> seen = new CopyOnWriteArrayList<>();

    void record(@Observes OutboxEventParked event) {
        seen.add(event);
    }

    /** A method, not the field: the test holds a client proxy, whose own fields stay empty. */
    public List<OutboxEventParked> seen() {
        return List.copyOf(seen);
    }
}

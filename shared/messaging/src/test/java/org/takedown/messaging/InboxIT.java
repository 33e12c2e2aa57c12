package org.takedown.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.takedown.events.RequestRejected;
import org.takedown.testing.RealInfrastructureResource;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "service", value = "messaging_test"))
class InboxIT {

    @Inject
    Inbox inbox;

    @Test
    void redeliveredEventHasNoSecondEffect() {
        RequestRejected event = OutboxIT.rejected(UUID.randomUUID());
        AtomicInteger effects = new AtomicInteger();

        assertTrue(inbox.process("test-consumer", event, e -> effects.incrementAndGet()));
        assertFalse(inbox.process("test-consumer", event, e -> effects.incrementAndGet()));

        assertEquals(1, effects.get());
    }

    @Test
    void anotherConsumerOfTheSameEventAppliesItToo() {
        RequestRejected event = OutboxIT.rejected(UUID.randomUUID());
        AtomicInteger effects = new AtomicInteger();

        inbox.process("consumer-a", event, e -> effects.incrementAndGet());
        inbox.process("consumer-b", event, e -> effects.incrementAndGet());

        assertEquals(2, effects.get());
    }

    @Test
    void failedEffectLeavesTheEventUnprocessedSoARetryAppliesIt() {
        RequestRejected event = OutboxIT.rejected(UUID.randomUUID());
        AtomicInteger effects = new AtomicInteger();

        assertThrows(IllegalStateException.class, () -> inbox.process("test-consumer", event, e -> {
            throw new IllegalStateException("database hiccup");
        }));
        assertTrue(inbox.process("test-consumer", event, e -> effects.incrementAndGet()));

        assertEquals(1, effects.get());
    }
}

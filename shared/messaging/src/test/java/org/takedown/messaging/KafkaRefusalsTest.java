package org.takedown.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaRefusalsTest {

    @Test
    void faultsOfTheRecordItselfArePermanentAlsoWhenWrapped() {
        assertTrue(KafkaRefusals.permanent(new RecordTooLargeException("too large")));
        assertTrue(KafkaRefusals.permanent(new ExecutionException(new RecordTooLargeException("too large"))));
        assertTrue(KafkaRefusals.permanent(new InvalidTopicException("bad topic")));
        assertTrue(KafkaRefusals.permanent(new KafkaException(new SerializationException("no"))));
    }

    @Test
    void outagesAndMissingRightsAreTransient() {
        assertFalse(KafkaRefusals.permanent(new TimeoutException("Topic not present in metadata after 5000 ms")));
        assertFalse(KafkaRefusals.permanent(new ExecutionException(new NotLeaderOrFollowerException("moved"))));
        assertFalse(KafkaRefusals.permanent(new TopicAuthorizationException("denied")));
        assertFalse(KafkaRefusals.permanent(new IllegalStateException("producer closed")));
    }

    @Test
    void theDescriptionNamesTheCauseNotItsWrapper() {
        assertEquals("RecordTooLargeException: too large",
                KafkaRefusals.describe(new ExecutionException(new RecordTooLargeException("too large"))));
        assertTrue(KafkaRefusals.describe(new IllegalStateException("x".repeat(5000))).length() <= 1001);
    }
}

package org.takedown.messaging;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Tells a record Kafka will never take from an outage that will pass. Only faults of the record
 * itself count as permanent: sending it again yields the same answer. Everything else — the broker
 * away, timeouts, leader changes, even a missing authorisation, which an operator fixes on the
 * broker — is transient, and the relay keeps retrying it.
 */
final class KafkaRefusals {

    private KafkaRefusals() {
    }

    static boolean permanent(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                    || cause instanceof InvalidTopicException || cause instanceof InvalidRecordException
                    || cause instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    /** What went wrong in one line for {@code outbox_event.last_error}: the exception's name and message, bounded. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }
}

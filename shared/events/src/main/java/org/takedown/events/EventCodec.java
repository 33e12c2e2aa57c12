package org.takedown.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON form of events: the CloudEvents {@code data} on Kafka. Unknown fields are ignored so
 * that producers can add fields without breaking older consumers.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {
    }

    public static String write(TakedownEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be written as JSON: " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads an event; a payload that is not a valid event of that type is a poison message and
     * raises {@link MalformedEventException}, which consumers let through to the dead-letter topic.
     */
    public static <T extends TakedownEvent> T read(String json, Class<T> type) {
        try {
            T event = MAPPER.readValue(json, type);
            if (event == null || event.eventId() == null || event.requestId() == null) {
                throw new MalformedEventException(type.getSimpleName() + " without eventId or requestId");
            }
            return event;
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            String detail = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : String.valueOf(e.getMessage());
            throw new MalformedEventException("not a valid " + type.getSimpleName() + ": " + detail, e);
        }
    }

    /** Thrown for payloads that can never be processed, however often they are retried. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }

        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package org.takedown.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.takedown.events.EventCodec;
import org.takedown.events.TakedownEvent;

/**
 * Publishes events the way a service's outbox relay does (binary CloudEvents, keyed by request
 * id), so a test can play the upstream service of the one under test. Also sends raw payloads,
 * to play a broken producer.
 */
public final class EventSender implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public EventSender(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = KafkaClients.create(() -> new KafkaProducer<>(props, new StringSerializer(), new StringSerializer()));
    }

    public void send(TakedownEvent event) {
        send(event, null);
    }

    /** Sends to one partition, for tests that need records to be consumed in a known order. */
    public void send(TakedownEvent event, Integer partition) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", event.eventId().toString());
        header(headers, "ce_type", event.type());
        header(headers, "ce_source", URI.create("/takedown/test").toString());
        header(headers, "ce_subject", event.requestId().toString());
        header(headers, "content-type", "application/json");
        sendRecord(new ProducerRecord<>(event.topic(), partition, event.requestId().toString(), EventCodec.write(event), headers));
    }

    public void sendRaw(String topic, Integer partition, String key, String payload) {
        sendRecord(new ProducerRecord<>(topic, partition, key, payload));
    }

    private void sendRecord(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + record.topic(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a record for " + record.topic(), e.getCause());
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}

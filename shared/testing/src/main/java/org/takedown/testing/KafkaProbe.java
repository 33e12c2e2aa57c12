package org.takedown.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning with a fresh consumer group, as an outside observer would. */
public final class KafkaProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public KafkaProbe(String bootstrapServers, String topic) {
        this(bootstrapServers, List.of(topic));
    }

    /** Reads several topics at once, e.g. every topic of the contract. */
    public KafkaProbe(String bootstrapServers, java.util.Collection<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = KafkaClients.create(() -> new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer()));
        consumer.subscribe(topics);
    }

    /** Polls until a record matches or the timeout passes; every record seen is kept. */
    public ConsumerRecord<String, String> awaitRecord(Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (ConsumerRecord<String, String> record : seen) {
            if (match.test(record)) {
                return record;
            }
        }
        while (Instant.now().isBefore(deadline)) {
            // Keep the whole batch: records after the match are part of what the test saw.
            int from = seen.size();
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            for (ConsumerRecord<String, String> record : seen.subList(from, seen.size())) {
                if (match.test(record)) {
                    return record;
                }
            }
        }
        throw new AssertionError("no matching record within " + timeout + "; saw " + seen.size() + " records");
    }

    public List<ConsumerRecord<String, String>> seen() {
        return seen;
    }

    /** Keeps polling for {@code quiet}, to catch records that should not come. */
    public List<ConsumerRecord<String, String>> drain(Duration quiet) {
        Instant deadline = Instant.now().plus(quiet);
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return seen;
    }

    public static java.util.function.Predicate<ConsumerRecord<String, String>> keyed(Object key) {
        return r -> String.valueOf(key).equals(r.key());
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

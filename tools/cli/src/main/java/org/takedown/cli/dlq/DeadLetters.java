package org.takedown.cli.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.takedown.cli.CliException;
import org.takedown.cli.CliSettings;

/**
 * The dead-letter topics ({@code <topic>.dlq}, docs/operations.md "Messages in a dead-letter topic") read and replayed
 * straight from Kafka, as the runbook did by hand: a record goes back to its original topic with its key, value and
 * headers, without the {@code dead-letter-*} headers the failure added. Consumers are idempotent on the event id, so
 * replaying an event that was applied meanwhile is harmless. The CLI reads without a consumer group: it commits no
 * offsets and moves nobody's position.
 */
public final class DeadLetters implements AutoCloseable {

    public static final String SUFFIX = ".dlq";
    private static final String DEAD_LETTER_HEADERS = "dead-letter-";
    /** Where a replayed record came from ({@code <dlq topic>-<partition>@<offset>}), for whoever reads the topic later. */
    public static final String REPLAYED_FROM = "takedown-replayed-from";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** One dead-letter record as the CLI shows it. */
    public record DeadLetter(String topic, int partition, long offset, long timestamp, String key, byte[] value,
            List<Header> headers) {

        public String header(String name) {
            for (int i = headers.size() - 1; i >= 0; i--) {
                if (headers.get(i).key().equals(name)) {
                    return headers.get(i).value() == null ? null : new String(headers.get(i).value(), StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        public String id() {
            return partition + ":" + offset;
        }

        /** The topic the record failed on: the {@code dead-letter-topic} header, else the name without {@code .dlq}. */
        public String originalTopic() {
            String fromHeader = header("dead-letter-topic");
            return fromHeader != null && !fromHeader.isBlank() ? fromHeader : topic.substring(0, topic.length() - SUFFIX.length());
        }
    }

    /** A dead-letter topic and how many records retention keeps in it. */
    public record TopicCount(String topic, long records) {
    }

    private final CliSettings settings;
    private final String bootstrap;
    private Admin admin;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;

    public DeadLetters(CliSettings settings) {
        this.settings = settings;
        this.bootstrap = settings.get("kafka-bootstrap-servers");
    }

    /** Every {@code *.dlq} topic with its record count (end minus start offsets), by name. */
    public List<TopicCount> counts() {
        List<TopicCount> counts = new ArrayList<>();
        for (String topic : dlqTopics()) {
            List<TopicPartition> partitions = partitions(topic);
            Map<TopicPartition, Long> start = consumer().beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> end = consumer().endOffsets(partitions, TIMEOUT);
            counts.add(new TopicCount(topic, partitions.stream().mapToLong(p -> end.get(p) - start.get(p)).sum()));
        }
        return counts;
    }

    /** The records of a dead-letter topic, oldest first per partition, at most {@code limit}. */
    public List<DeadLetter> read(String topic, int limit) {
        requireDlq(topic);
        List<TopicPartition> partitions = partitions(topic);
        KafkaConsumer<byte[], byte[]> reader = consumer();
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = reader.endOffsets(partitions, TIMEOUT);
        List<DeadLetter> letters = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (letters.size() < limit && !reachedEnd(reader, end)) {
            if (System.nanoTime() > deadline) {
                throw new CliException(CliException.UNREACHABLE, "reading " + topic + " from Kafka took over a minute; try again");
            }
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(500))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition())) && letters.size() < limit) {
                    letters.add(new DeadLetter(record.topic(), record.partition(), record.offset(), record.timestamp(),
                            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), record.value(),
                            List.of(record.headers().toArray())));
                }
            }
        }
        reader.unsubscribe();
        return letters;
    }

    /** One record, by partition and offset. */
    public DeadLetter find(String topic, int partition, long offset) {
        requireDlq(topic);
        TopicPartition where = new TopicPartition(topic, partition);
        if (!partitions(topic).contains(where)) {
            throw new CliException(topic + " has no partition " + partition + "; `takedown dlq show " + topic + "` lists its records");
        }
        KafkaConsumer<byte[], byte[]> reader = consumer();
        reader.assign(List.of(where));
        long start = reader.beginningOffsets(List.of(where), TIMEOUT).get(where);
        long end = reader.endOffsets(List.of(where), TIMEOUT).get(where);
        if (offset < start || offset >= end) {
            throw new CliException(topic + " has no record at " + partition + ":" + offset + " (partition " + partition + " holds "
                    + start + " to " + (end - 1) + "; older ones are past retention)");
        }
        reader.seek(where, offset);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(500))) {
                if (record.offset() == offset) {
                    reader.unsubscribe();
                    return new DeadLetter(record.topic(), record.partition(), record.offset(), record.timestamp(),
                            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), record.value(),
                            List.of(record.headers().toArray()));
                }
                if (record.offset() > offset) {
                    // compacted away or a transaction marker: nothing at this offset
                    throw new CliException(topic + " has no record at " + partition + ":" + offset);
                }
            }
        }
        throw new CliException(CliException.UNREACHABLE, "reading " + topic + " from Kafka took too long; try again");
    }

    /** Sends the records back to their original topics, waits for the broker's acknowledgement of each. */
    public void replay(Collection<DeadLetter> letters) {
        try {
            for (DeadLetter letter : letters) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(letter.originalTopic(), null,
                        letter.key() == null ? null : letter.key().getBytes(StandardCharsets.UTF_8), letter.value());
                for (Header header : letter.headers()) {
                    if (!header.key().startsWith(DEAD_LETTER_HEADERS) && !header.key().equals(REPLAYED_FROM)) {
                        record.headers().add(header);
                    }
                }
                record.headers().add(REPLAYED_FROM, (letter.topic() + "-" + letter.partition() + "@" + letter.offset())
                        .getBytes(StandardCharsets.UTF_8));
                producer().send(record).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw new CliException("Kafka refused the replay: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new CliException(CliException.UNREACHABLE, "Kafka at " + bootstrap + " did not acknowledge the replay in time; "
                    + "records before it were sent. `takedown dlq show` and the original topic tell what went out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private Set<String> dlqTopics() {
        try {
            Set<String> topics = new TreeSet<>();
            for (String name : admin().listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                if (name.endsWith(SUFFIX)) {
                    topics.add(name);
                }
            }
            return topics;
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer().partitionsFor(topic, TIMEOUT);
        } catch (KafkaException e) {
            throw unreachable(e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new CliException("Kafka has no topic " + topic + "; `takedown dlq list` shows the dead-letter topics");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).sorted((a, b) -> a.partition() - b.partition()).toList();
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> reader, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> reader.position(e.getKey(), TIMEOUT) >= e.getValue());
    }

    private static void requireDlq(String topic) {
        if (!topic.endsWith(SUFFIX)) {
            throw new CliException(topic + " is not a dead-letter topic (those end in " + SUFFIX + "); `takedown dlq list` shows them");
        }
    }

    private CliException unreachable(Exception e) {
        return new CliException(CliException.UNREACHABLE, "cannot reach Kafka at " + bootstrap + " (kafka-bootstrap-servers; TLS "
                + "settings as kafka.* in config.properties; on Kubernetes run from a pod that reaches the brokers): "
                + (e.getMessage() == null ? "no answer within " + TIMEOUT.toSeconds() + " s" : e.getMessage()));
    }

    private Properties common() {
        Properties properties = new Properties();
        properties.putAll(settings.kafka());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "takedown-cli");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return properties;
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(common());
        }
        return admin;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Properties properties = common();
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties properties = common();
            properties.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT.toMillis());
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
            producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}

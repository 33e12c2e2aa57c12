package org.takedown.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.takedown.events.Topics;

class SharedInfrastructureIT {

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Test
    void isStartedOncePerJvm() {
        assertSame(((LocalInfrastructure) infrastructure).kafka(), ((LocalInfrastructure) Infrastructure.shared()).kafka());
    }

    @Test
    void createsEveryTopicOfTheContractWithItsDeadLetterTwinAndDefaultPartitions() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.allWithDeadLetters())
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertEquals(Topics.allWithDeadLetters().size(), topics.size());
            topics.values().forEach(topic -> assertEquals(Topics.DEFAULT_PARTITIONS, topic.partitions().size(), topic.name()));
        }
    }

    @Test
    void aRecordTravelsThroughTheRealBroker() throws Exception {
        String key = UUID.randomUUID().toString();

        try (EventSender sender = new EventSender(infrastructure.kafkaBootstrapServers())) {
            sender.sendRaw(Topics.REQUESTS_SUBMITTED, null, key, "hello");
        }

        try (KafkaProbe probe = new KafkaProbe(infrastructure.kafkaBootstrapServers(), Topics.REQUESTS_SUBMITTED)) {
            assertEquals("hello", probe.awaitRecord(KafkaProbe.keyed(key), Duration.ofSeconds(30)).value());
        }
    }

    @Test
    void aServiceRoleWorksInItsOwnSchemaByDefault() throws SQLException {
        ServiceDatabase intake = infrastructure.serviceDatabase("intake");

        try (Connection connection = intake.connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS note (id int PRIMARY KEY)");
            sql.execute("INSERT INTO note VALUES (1) ON CONFLICT DO NOTHING");
            try (ResultSet rows = sql.executeQuery("SELECT current_schema(), (SELECT count(*) FROM intake.note)")) {
                assertTrue(rows.next());
                assertEquals("intake", rows.getString(1));
                assertEquals(1, rows.getInt(2));
            }
        }
    }

    @Test
    void aServiceRoleCannotCreateTablesInAnotherServicesSchema() throws SQLException {
        ServiceDatabase intake = infrastructure.serviceDatabase("intake");
        infrastructure.serviceDatabase("review");

        try (Connection connection = intake.connect(); Statement sql = connection.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> sql.execute("CREATE TABLE review.intruder (id int)"));
            assertEquals("42501", refused.getSQLState(), refused.getMessage()); // insufficient_privilege
        }
    }

    @Test
    void creatingAServiceDatabaseTwiceGivesTheSameCredentials() {
        assertEquals(infrastructure.serviceDatabase("matching"), infrastructure.serviceDatabase("matching"));
    }

    @Test
    void aRecordProducedBeforeKafkaStopsIsConsumedAfterItStartsAgain() throws Exception {
        String bootstrapServers = infrastructure.kafkaBootstrapServers();
        int port = Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
        String key = UUID.randomUUID().toString();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.sendRaw(Topics.REQUESTS_VERIFIED, null, key, "kept");
        }

        infrastructure.stopKafka();
        try {
            assertFalse(Ports.isInUse(port), "the broker should really be down");
        } finally {
            infrastructure.startKafka();
        }

        assertEquals(bootstrapServers, infrastructure.kafkaBootstrapServers());
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers, Topics.REQUESTS_VERIFIED)) {
            assertEquals("kept", probe.awaitRecord(KafkaProbe.keyed(key), Duration.ofSeconds(60)).value());
        }
    }
}

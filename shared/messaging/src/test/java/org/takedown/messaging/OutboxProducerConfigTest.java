package org.takedown.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The relay's producer settings: the service's {@code kafka.*} settings apply, but never weaken delivery. */
class OutboxProducerConfigTest {

    @Test
    void kafkaSettingsApplyButCannotWeakenAcknowledgementsOrIdempotence() {
        Map<String, Object> settings = OutboxRelay.producerConfig(Map.of(
                "bootstrap.servers", "broker-1:9093",
                "security.protocol", "SASL_SSL",
                "max.block.ms", "1000",
                "acks", "0",
                "enable.idempotence", "false",
                "value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer",
                "auto.offset.reset", "earliest"), "/takedown/propagation");

        assertEquals("broker-1:9093", settings.get("bootstrap.servers"));
        assertEquals("SASL_SSL", settings.get("security.protocol"), "TLS/SASL settings reach the producer");
        assertEquals("1000", settings.get("max.block.ms"), "a default the service may change");
        assertEquals("all", settings.get("acks"));
        assertEquals(true, settings.get("enable.idempotence"));
        assertEquals("org.apache.kafka.common.serialization.StringSerializer", settings.get("value.serializer"));
        assertFalse(settings.containsKey("auto.offset.reset"), "a consumer setting is not passed to the producer");
        assertEquals("outbox-takedown-propagation", settings.get("client.id"));
    }

    @Test
    void defaultsWhereTheServiceIsSilent() {
        Map<String, Object> settings = OutboxRelay.producerConfig(Map.of("bootstrap.servers", "localhost:9092"), "/takedown/intake");

        assertEquals(5_000, settings.get("max.block.ms"));
        assertEquals(5_000, settings.get("request.timeout.ms"));
        assertEquals(15_000, settings.get("delivery.timeout.ms"));
        assertEquals(5, settings.get("linger.ms"));
    }
}

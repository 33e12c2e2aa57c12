package org.takedown.intake.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Started as Kubernetes starts it (its ConfigMap sets {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED=true},
 * i.e. {@code quarkus.log.console.json.enabled}), the service's console handler writes one JSON
 * object per record; {@link ConsoleLogs#format} renders a record with the handler the service
 * actually installed.
 */
@QuarkusTest
@TestProfile(JsonLogsIT.KubernetesLogging.class)
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class JsonLogsIT {

    public static class KubernetesLogging implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.console.json.enabled", "true");
        }
    }

    @Test
    void theConsoleWritesOneJsonObjectPerRecord() throws Exception {
        ExtLogRecord record = new ExtLogRecord(org.jboss.logmanager.Level.WARN, "outbox backlog %d events", ExtLogRecord.FormatStyle.PRINTF,
                JsonLogsIT.class.getName());
        record.setParameters(new Object[] {42});
        record.setLoggerName("org.takedown.messaging.OutboxRelay");

        String line = ConsoleLogs.format(record);

        assertEquals(1, line.strip().lines().count(), line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("outbox backlog 42 events", json.path("message").asText(), line);
        assertEquals("WARN", json.path("level").asText(), line);
        assertEquals("org.takedown.messaging.OutboxRelay", json.path("loggerName").asText(), line);
        assertTrue(json.hasNonNull("timestamp"), line);
    }
}

package org.takedown.intake.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;

/** Outside Kubernetes (no QUARKUS_LOG_CONSOLE_JSON_ENABLED) the console stays human-readable although the JSON extension is present. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class PlainLogsIT {

    @Test
    void theConsoleWritesPlainLines() {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "relay started", PlainLogsIT.class.getName());
        record.setLoggerName("org.takedown.messaging.OutboxRelay");

        String line = ConsoleLogs.format(record);

        assertTrue(line.contains("INFO") && line.contains("relay started"), line);
        assertFalse(line.strip().startsWith("{"), line);
    }
}

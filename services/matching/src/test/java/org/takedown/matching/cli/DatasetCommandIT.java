package org.takedown.matching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/** The registry's command line against the running service. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "matching"))
class DatasetCommandIT {

    @TestHTTPResource("/")
    URL service;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String token, String... args) {
        out.reset();
        err.reset();
        return DatasetCommand.run(args, token, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void anAdminRegistersADataSetThatAnyoneThenLists() {
        String admin = Tokens.shared().user("admin");

        assertEquals(0, run(admin, "datasets", service.toString(), "register", "cli-set", "CLI set",
                "contact=maintainers@example.org", "home=https://example.org/cli-set"), err.toString());
        assertEquals(0, run(null, "datasets", service.toString(), "list"));
        assertTrue(out.toString().contains("\"id\":\"cli-set\""), out.toString());
        assertTrue(out.toString().contains("\"maintainerContact\":\"maintainers@example.org\""), out.toString());
    }

    @Test
    void withoutATokenAChangeIsRefusedWithTheServicesAnswer() {
        assertEquals(1, run(null, "datasets", service.toString(), "register", "cli-set-2", "Nope"));
        assertTrue(err.toString().contains("401"), err.toString());
    }

    @Test
    void aWrongCommandIsAUsageError() {
        assertEquals(2, run(null, "datasets", service.toString(), "register", "only-id"));
        assertEquals(2, run(null, "datasets", service.toString(), "register", "x", "X", "colour=blue"));
        assertTrue(err.toString().startsWith("usage:"));
    }
}

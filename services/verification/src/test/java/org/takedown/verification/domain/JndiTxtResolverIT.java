package org.takedown.verification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The production resolver, as the running service has it (Quarkus switches JNDI off unless
 * configured), against a real DNS server for a test zone.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "verification"))
@WithTestResource(TestDnsResource.class)
class JndiTxtResolverIT {

    @Inject
    JndiTxtResolver resolver;

    @Test
    void publishedRecordIsFound() throws Exception {
        assertEquals(List.of("takedown-verification=tdv1-abc"),
                resolver.lookup("_takedown-verification.claimant.test", Duration.ofSeconds(2)));
    }

    @Test
    void characterStringsOfOneRecordAreJoined() throws Exception {
        assertEquals(List.of("takedown-verification=tdv1-def"),
                resolver.lookup("_takedown-verification.split.test", Duration.ofSeconds(2)));
    }

    @Test
    void unknownNameHasNoRecords() throws Exception {
        assertEquals(List.of(), resolver.lookup("_takedown-verification.nobody.test", Duration.ofSeconds(2)));
    }

    @Test
    void silentServerIsATimeout() {
        assertThrows(TxtResolver.TimeoutException.class,
                () -> resolver.lookup("_takedown-verification.slow.test", Duration.ofMillis(300)));
    }
}

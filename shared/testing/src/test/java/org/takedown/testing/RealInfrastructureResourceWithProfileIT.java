package org.takedown.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A test profile makes Quarkus load the test into a class loader of its own, with its own copy
 * of every static; the broker must still be the one of the JVM.
 */
@QuarkusTest
@TestProfile(RealInfrastructureResourceWithProfileIT.OtherProfile.class)
@WithTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = RealInfrastructureResource.SERVICE, value = "propagation"))
class RealInfrastructureResourceWithProfileIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aTestProfileSharesTheOneBrokerOfTheJvm() {
        RealInfrastructureResource.infrastructure().kafkaBootstrapServers();

        assertEquals(1, ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains("kafka.Kafka"))
                .count());
        assertEquals(RealInfrastructureResource.infrastructure().kafkaBootstrapServers(), bootstrapServers);
    }

    @Test
    void kafkaCanBeStoppedAndStartedFromAnotherClassLoader() {
        RealInfrastructureResource.infrastructure().stopKafka();
        RealInfrastructureResource.infrastructure().startKafka();

        assertEquals(bootstrapServers, RealInfrastructureResource.infrastructure().kafkaBootstrapServers());
    }

    public static class OtherProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("takedown.test.profile", "other");
        }
    }
}

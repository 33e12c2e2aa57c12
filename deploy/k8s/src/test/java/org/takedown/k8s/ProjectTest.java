package org.takedown.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How required configuration keys are read from the services' {@code @ConfigMapping} interfaces. */
class ProjectTest {

    @Test
    void membersWithoutDefaultOptionalOrMapAreRequired() {
        String source = """
                @ConfigMapping(prefix = "takedown.demo")
                public interface DemoConfig {
                    /** Documented. */
                    String currentKeyId();
                    @WithDefault("5")
                    int maxImages();
                    Optional<String> publicUrl();
                    Map<String, String> keys();
                    Map<String, Vendor> vendors();
                    interface Vendor {
                        String url();
                    }
                    List<String> names();
                    Circuit circuit();
                    Signing signing();
                    interface Circuit {
                        @WithDefault("5")
                        int threshold();
                    }
                    interface Signing {
                        Optional<String> key();
                        String keyId();
                    }
                }
                """;
        assertEquals(List.of("takedown.demo.current-key-id", "takedown.demo.names", "takedown.demo.signing.key-id"),
                Project.requiredKeysOf(source));
    }

    @Test
    void intakeRequiresItsPepperAndCurrentKeyAndEveryServiceItsInfrastructure() {
        Project project = Repository.project();
        List<String> intake = project.requiredKeys("intake");
        assertTrue(intake.containsAll(List.of("takedown.intake.crypto.claimant-ref-pepper", "takedown.intake.crypto.current-key-id",
                "takedown.messaging.schema", "kafka.bootstrap.servers", "quarkus.datasource.password")), intake::toString);
    }

    @Test
    void environmentNamesFollowSmallRyeConfig() {
        assertEquals("TAKEDOWN_INTAKE_CRYPTO_CLAIMANT_REF_PEPPER", ProjectChecks.environmentName("takedown.intake.crypto.claimant-ref-pepper"));
    }
}

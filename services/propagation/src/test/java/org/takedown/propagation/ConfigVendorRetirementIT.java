package org.takedown.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.takedown.propagation.Callers.asAdmin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.takedown.propagation.notice.PropagationConfig;
import org.takedown.propagation.vendor.ConfigVendorSeeder;
import org.takedown.propagation.vendor.Vendor;
import org.takedown.propagation.vendor.VendorRepository;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Vendors seeded from an earlier configuration and no longer configured: kept by default (services and tests with
 * other vendor lists share the database), disabled when {@code retire-unconfigured-vendors} is on, back when
 * configured again. The seeding runs at start-up; here it is called with the lists a start-up would see.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class ConfigVendorRetirementIT {

    /** The stale vendor subscribes only to this data set, so that no other test's decision plans a notice to it. */
    private static final String DATASET = RegistryFixtures.uniqueId("retire");

    @Inject
    ConfigVendorSeeder seeder;

    @Inject
    PropagationConfig config;

    @Inject
    VendorRepository vendors;

    @Test
    void vendorsNoLongerConfiguredAreRetiredOnlyWhenAskedAndComeBackWhenConfiguredAgain() {
        assertFalse(config.retireUnconfiguredVendors(), "off unless configured");
        String stale = RegistryFixtures.uniqueId("stale");
        Map<String, PropagationConfig.Vendor> earlier = Map.of(stale, configured(VendorReceiverResource.base + "/ok/" + stale));
        RegistryFixtures.RegisteredVendor byAdmin = RegistryFixtures.vendorAt("ok/" + stale + "-admin", RegistryFixtures.uniqueId("ds"));
        seeder.seed(earlier, false);
        assertTrue(vendor(stale).fromConfig && vendor(stale).enabled);

        // A start-up with today's configuration (which does not list the stale vendor), the option off: nothing retired.
        assertEquals(List.of(), seeder.seed(config.vendors(), false));
        assertTrue(vendor(stale).enabled);

        List<String> retired = new ArrayList<>();
        try {
            retired.addAll(seeder.seed(config.vendors(), true));
            assertTrue(retired.contains(stale), "retired: " + retired);
            assertFalse(vendor(stale).enabled);
            assertNotNull(vendor(stale).retiredAt);
            config.vendors().keySet().forEach(id -> assertTrue(vendor(id).enabled, "still configured: " + id));
            assertTrue(vendor(byAdmin.id()).enabled, "a vendor registered by an administrator is not the configuration's");
            asAdmin().get("/api/v1/admin/vendors/{id}", stale).then().statusCode(200)
                    .body("enabled", org.hamcrest.Matchers.equalTo(false));

            // Configured again: back.
            seeder.seed(earlier, false);
            assertTrue(vendor(stale).enabled);
            assertNull(vendor(stale).retiredAt);
        } finally {
            // Off again, so that it plans nothing for other tests' decisions (which would then never complete).
            QuarkusTransaction.requiringNew().run(() -> vendors.findById(stale).enabled = false);
            // Other test profiles' configuration vendors that this call retired come back as their start-up would bring them.
            QuarkusTransaction.requiringNew().run(() -> retired.stream().filter(id -> !id.equals(stale)).forEach(id -> {
                Vendor v = vendors.findById(id);
                v.enabled = true;
                v.retiredAt = null;
            }));
        }
    }

    private Vendor vendor(String id) {
        return QuarkusTransaction.requiringNew().call(() -> vendors.findById(id));
    }

    private static PropagationConfig.Vendor configured(String url) {
        return new PropagationConfig.Vendor() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public Optional<String> secret() {
                return Optional.empty();
            }

            @Override
            public List<String> datasets() {
                return List.of(DATASET);
            }
        };
    }

}

package org.takedown.propagation.vendor;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.takedown.propagation.notice.PropagationConfig;

/**
 * Vendors listed in configuration ({@code takedown.propagation.vendors.<id>.url}) join the registry
 * at start-up, so that the dev stack and the end-to-end tests keep working and the registry is the
 * single source that notices are planned from. With {@code takedown.propagation.retire-unconfigured-vendors=true}
 * the vendors that an earlier configuration seeded and this one no longer lists are disabled (off by default:
 * services sharing a database with different vendor lists, as the tests do, must not turn each other's off).
 */
@ApplicationScoped
public class ConfigVendorSeeder {

    private static final Logger LOG = Logger.getLogger(ConfigVendorSeeder.class);

    private final PropagationConfig config;
    private final VendorService registry;

    ConfigVendorSeeder(PropagationConfig config, VendorService registry) {
        this.config = config;
        this.registry = registry;
    }

    void seed(@Observes StartupEvent start) {
        seed(config.vendors(), config.retireUnconfiguredVendors());
    }

    /** Seeds these vendors and, if asked, retires the configuration vendors not among them; the ids retired. */
    public List<String> seed(Map<String, PropagationConfig.Vendor> vendors, boolean retireUnconfigured) {
        vendors.forEach(registry::seed);
        if (!vendors.isEmpty()) {
            LOG.infof("vendors from configuration in the registry: %s", vendors.keySet());
        }
        if (!retireUnconfigured) {
            return List.of();
        }
        List<String> retired = registry.retireUnconfigured(vendors.keySet());
        if (!retired.isEmpty()) {
            LOG.warnf("vendors from an earlier configuration, no longer configured, disabled: %s", retired);
        }
        return retired;
    }
}

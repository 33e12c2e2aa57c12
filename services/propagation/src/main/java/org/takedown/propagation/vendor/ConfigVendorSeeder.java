package org.takedown.propagation.vendor;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.takedown.propagation.notice.PropagationConfig;

/**
 * Vendors listed in configuration ({@code takedown.propagation.vendors.<id>.url}) join the registry
 * at start-up, so that the dev stack and the end-to-end tests keep working and the registry is the
 * single source that notices are planned from.
 */
@ApplicationScoped
class ConfigVendorSeeder {

    private static final Logger LOG = Logger.getLogger(ConfigVendorSeeder.class);

    void seed(@Observes StartupEvent start, PropagationConfig config, VendorService registry) {
        config.vendors().forEach(registry::seed);
        if (!config.vendors().isEmpty()) {
            LOG.infof("vendors from configuration in the registry: %s", config.vendors().keySet());
        }
    }
}

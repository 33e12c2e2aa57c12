package org.takedown.propagation.vendor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Where a vendor wants notices, for which event types and data sets. */
@Entity
@Table(name = "vendor_endpoint")
public class VendorEndpoint {

    public static final String ANY = "*";

    @Id
    public UUID id;

    @Column(name = "vendor_id", nullable = false)
    public String vendorId;

    @Column(nullable = false)
    public String url;

    @Column(name = "event_types", nullable = false)
    public String eventTypes;

    @Column(nullable = false)
    public String datasets;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "disabled_reason")
    public String disabledReason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public List<String> eventTypeList() {
        return split(eventTypes);
    }

    public List<String> datasetList() {
        return split(datasets);
    }

    public boolean subscribes(String eventType, String datasetId) {
        return enabled && matches(eventTypeList(), eventType) && matches(datasetList(), datasetId);
    }

    static String join(List<String> values) {
        return values == null || values.isEmpty() ? ANY : String.join(",", values);
    }

    private static boolean matches(List<String> subscribed, String value) {
        return subscribed.contains(ANY) || subscribed.contains(value);
    }

    private static List<String> split(String joined) {
        return Arrays.stream(joined.split(",")).filter(s -> !s.isEmpty()).toList();
    }
}

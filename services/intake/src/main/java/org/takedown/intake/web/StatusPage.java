package org.takedown.intake.web;

import io.quarkus.qute.TemplateData;
import java.util.List;

/** What the status page shows; {@code token} goes only into the hidden field of the rotate form. */
@TemplateData
public record StatusPage(String csrf, String id, String token, String claimType, String statusLabel,
        String explanation, boolean needsInformation, List<Entry> timeline, List<String> imageUrls,
        List<String> domains, long textQueries, long images) {

    @TemplateData
    public record Entry(String at, String label, String text) {
    }
}

package org.takedown.verification.screening;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.takedown.events.RequestSubmitted;

/**
 * What a request asks for, independent of order and repetition: claim type plus the sorted public
 * targets (and the data sets it names, if any). Requests without public targets (text queries or evidence images only) have none: their
 * content stays in intake, so verification cannot tell two of them apart.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    public static Optional<String> of(RequestSubmitted request) {
        TreeSet<String> targets = new TreeSet<>();
        request.imageUrls().forEach(url -> targets.add("url:" + url.strip()));
        request.domains().forEach(domain -> targets.add("domain:" + domain.strip().toLowerCase(Locale.ROOT)));
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        // The same targets asked of other data sets are another request (none named: every data set, as before).
        request.datasets().forEach(dataset -> targets.add("dataset:" + dataset));
        StringBuilder canonical = new StringBuilder(request.claimType().name());
        targets.forEach(target -> canonical.append('\n').append(target));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return Optional.of("fp1_" + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

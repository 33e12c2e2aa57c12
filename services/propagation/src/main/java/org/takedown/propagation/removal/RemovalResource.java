package org.takedown.propagation.removal;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.takedown.propagation.pdq.Pdq;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * The do-not-train check, the removal feed and the signed removal lists, for vendors (role
 * {@code vendor}, client credentials) and admins.
 */
@Path("/api/v1")
@RolesAllowed({ Roles.VENDOR, Roles.ADMIN })
public class RemovalResource {

    public static final int MAX_URLS_PER_CHECK = 10_000;
    public static final int MAX_PDQ_DISTANCE = 64;
    static final String CSV = "text/csv";

    public record CheckedUrl(String url, boolean removed) {
    }

    /** One PDQ hash checked: removed when a standing removal's hash is within the distance (the nearest one given). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckedPdq(String pdq, boolean removed, Integer distance) {
    }

    /** {@code pdq} only when hashes were checked; {@code checked} and {@code removed} count URLs and hashes. */
    public record CheckAnswer(int checked, int removed, List<CheckedUrl> urls,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<CheckedPdq> pdq) {
    }

    /** The JSON form of the check: URLs and/or PDQ hashes (64 hex digits), at most 10,000 together. */
    public record CheckRequest(List<String> urls, List<String> pdq, Integer maxDistance) {
    }

    /**
     * One feed entry. {@code kind} REMOVAL: the item was removed at {@code removedAt} ({@code reversedAt}
     * set if it has since been reversed). {@code kind} REVERSAL: the removal of the item is reversed as of
     * {@code reversedAt}; it is no longer removed. {@code rule} {@code DOMAIN} or {@code PREFIX} (absent for an item):
     * the entry is a rule, {@code url} its host (subdomains included) or URL prefix, and every URL under it is removed.
     */
    public record RemovalEntry(String cursor, String kind, String datasetId, String releaseId, String itemId, String url,
            Instant removedAt, Instant reversedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String rule) {
    }

    /** {@code nextCursor} is the cursor to pass as {@code after} next time; it stays put when nothing new came. */
    public record RemovalPage(List<RemovalEntry> removals, String nextCursor) {
    }

    public record SigningKey(String algorithm, String publicKey, String pem) {
    }

    private final RemovalRegistry registry;
    private final RemovalListSigner signer;

    RemovalResource(RemovalRegistry registry, RemovalListSigner signer) {
        this.registry = registry;
        this.signer = signer;
    }

    /**
     * Newline-separated URLs (up to 10,000) in, each with whether it was removed out, in the same order.
     * Lines {@code pdq:<64 hex>} are PDQ hashes, answered in {@code pdq} (within distance 31). The body is read as
     * bytes and the answer written as bytes ({@link BulkCheck}): this is the path trainers call in bulk.
     */
    @POST
    @Path("/check")
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    public Response check(byte[] body) {
        BulkCheck.Lines lines = BulkCheck.split(body);
        if (lines.size() == 0 && lines.pdq.isEmpty()) {
            throw ProblemException.invalidField("body", "give one URL per line");
        }
        List<String> hashes = hashes(lines.size(), lines.pdq, "body");
        boolean[] removed = lines.size() == 0 ? new boolean[0] : registry.check(lines);
        List<CheckedPdq> pdqAnswer = hashes.isEmpty() ? null : checkPdq(hashes, Pdq.DEFAULT_MAX_DISTANCE);
        return Response.ok(BulkCheck.write(lines, removed, pdqAnswer), MediaType.APPLICATION_JSON).build();
    }

    /** {@code {"urls": [...], "pdq": [...], "maxDistance": 31}}. */
    @POST
    @Path("/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CheckAnswer check(CheckRequest request) {
        if (request == null) {
            throw ProblemException.invalidField("body", "a JSON body with urls and/or pdq is required");
        }
        List<String> urls = request.urls() == null ? List.of() : request.urls();
        List<String> pdq = request.pdq() == null ? List.of() : request.pdq();
        if (urls.isEmpty() && pdq.isEmpty()) {
            throw ProblemException.invalidField("urls", "give URLs and/or PDQ hashes");
        }
        for (int i = 0; i < urls.size(); i++) {
            if (urls.get(i) == null || urls.get(i).isBlank()) {
                throw ProblemException.invalidField("urls[" + i + "]", "must not be empty");
            }
        }
        int maxDistance = request.maxDistance() == null ? Pdq.DEFAULT_MAX_DISTANCE : request.maxDistance();
        if (maxDistance < 0 || maxDistance > MAX_PDQ_DISTANCE) {
            throw ProblemException.invalidField("maxDistance", "must be between 0 and " + MAX_PDQ_DISTANCE);
        }
        return check(urls.stream().map(String::strip).toList(), pdq, maxDistance, "urls");
    }

    private CheckAnswer check(List<String> urls, List<String> pdq, int maxDistance, String field) {
        List<String> hashes = hashes(urls.size(), pdq, field);
        int count = 0;
        List<CheckedUrl> urlAnswer = new ArrayList<>(urls.size());
        if (!urls.isEmpty()) {
            List<Boolean> removed = registry.check(urls);
            for (int i = 0; i < urls.size(); i++) {
                urlAnswer.add(new CheckedUrl(urls.get(i), removed.get(i)));
                count += removed.get(i) ? 1 : 0;
            }
        }
        List<CheckedPdq> pdqAnswer = hashes.isEmpty() ? null : checkPdq(hashes, maxDistance);
        if (pdqAnswer != null) {
            count += (int) pdqAnswer.stream().filter(CheckedPdq::removed).count();
        }
        return new CheckAnswer(urls.size() + hashes.size(), count, urlAnswer, pdqAnswer);
    }

    /** The hashes in normal form; 400 when there are too many lines or a hash is not 64 hex digits. */
    private static List<String> hashes(int urls, List<String> pdq, String field) {
        if (urls + pdq.size() > MAX_URLS_PER_CHECK) {
            throw ProblemException.invalidField(field, "at most " + MAX_URLS_PER_CHECK + " URLs and hashes per call, got "
                    + (urls + pdq.size()));
        }
        List<String> hashes = new ArrayList<>(pdq.size());
        for (int i = 0; i < pdq.size(); i++) {
            int index = i;
            hashes.add(Pdq.normalize(pdq.get(i)).orElseThrow(() -> ProblemException.invalidField("pdq[" + index + "]",
                    "a PDQ hash is 64 hex digits")));
        }
        return hashes;
    }

    private List<CheckedPdq> checkPdq(List<String> hashes, int maxDistance) {
        List<RemovalRegistry.PdqMatch> matches = registry.checkPdq(hashes, maxDistance);
        List<CheckedPdq> answer = new ArrayList<>(hashes.size());
        for (int i = 0; i < hashes.size(); i++) {
            answer.add(new CheckedPdq(hashes.get(i), matches.get(i).removed(), matches.get(i).distance()));
        }
        return answer;
    }

    /** Every removal and reversal after the cursor, oldest first; start without {@code after} to backfill from the beginning. */
    @GET
    @Path("/removals")
    @Produces(MediaType.APPLICATION_JSON)
    public RemovalPage removals(@QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("500") @Min(1) @Max(1000) int limit) {
        long cursor = parseCursor(after);
        List<RemovalEntry> page = registry.after(cursor, limit).stream()
                .map(r -> new RemovalEntry(Long.toString(r.id), r.kind, r.datasetId, r.releaseId, r.itemId, r.url, r.removedAt,
                        r.reversedAt, r.rule))
                .toList();
        String next = page.isEmpty() ? Long.toString(cursor) : page.get(page.size() - 1).cursor();
        return new RemovalPage(page, next);
    }

    /**
     * The removal list of a data set release (every release without {@code release}) as CSV:
     * {@code item_id,url,removed_at,reversed,rule}, in feed order; {@code rule} is empty for an item and {@code DOMAIN} or
     * {@code PREFIX} for a rule (then {@code url} is the host or the URL prefix). Its detached Ed25519 signature is at
     * {@code export.sig} with the same parameters; the public key at {@code signing-key}.
     */
    @GET
    @Path("/removals/export")
    @Produces(CSV)
    public Response export(@QueryParam("dataset") String dataset, @QueryParam("release") String release) {
        byte[] csv = csv(dataset, release);
        return Response.ok(csv, CSV + ";charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName(dataset, release) + ".csv\"")
                .build();
    }

    /** The raw 64-byte Ed25519 signature of exactly the bytes {@code export} answers now. */
    @GET
    @Path("/removals/export.sig")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response exportSignature(@QueryParam("dataset") String dataset, @QueryParam("release") String release) {
        return Response.ok(signer.sign(csv(dataset, release)), MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", "attachment; filename=\"" + fileName(dataset, release) + ".csv.sig\"")
                .build();
    }

    @GET
    @Path("/removals/signing-key")
    @Produces(MediaType.APPLICATION_JSON)
    public SigningKey signingKey() {
        String der = Base64.getEncoder().encodeToString(signer.publicKey());
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(signer.publicKey()) + "\n-----END PUBLIC KEY-----\n";
        return new SigningKey(RemovalListSigner.ALGORITHM, der, pem);
    }

    private byte[] csv(String dataset, String release) {
        if (dataset == null || dataset.isBlank()) {
            throw ProblemException.invalidField("dataset", "name the data set");
        }
        String releaseId = release == null || release.isBlank() ? null : release.strip();
        StringBuilder csv = new StringBuilder("item_id,url,removed_at,reversed,rule\r\n");
        for (Removal r : registry.ofRelease(dataset.strip(), releaseId)) {
            csv.append(field(r.itemId)).append(',').append(field(r.url)).append(',').append(r.removedAt).append(',')
                    .append(r.reversedAt != null).append(',').append(field(r.rule)).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String fileName(String dataset, String release) {
        String name = "removals-" + dataset + (release == null || release.isBlank() ? "" : "-" + release);
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
    }

    private static long parseCursor(String after) {
        if (after == null || after.isBlank()) {
            return 0;
        }
        try {
            long cursor = Long.parseLong(after.strip());
            if (cursor >= 0) {
                return cursor;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw ProblemException.invalidField("after", "must be a cursor from an earlier page");
    }
}

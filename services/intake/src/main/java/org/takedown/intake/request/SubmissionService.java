package org.takedown.intake.request;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.takedown.events.ClaimType;
import org.takedown.events.ClaimantRef;
import org.takedown.events.LegalClock;
import org.takedown.events.NetworkRef;
import org.takedown.events.NormalizedUrl;
import org.takedown.events.RequestReceived;
import org.takedown.events.RequestSubmitted;
import org.takedown.intake.api.RequestSubmission;
import org.takedown.intake.crypto.IntakeCryptoConfig;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.intake.email.EmailConfirmation;
import org.takedown.intake.evidence.CleanImage;
import org.takedown.intake.evidence.EvidenceHash;
import org.takedown.intake.evidence.EvidenceHashRepository;
import org.takedown.intake.evidence.EvidenceImage;
import org.takedown.intake.evidence.EvidenceImageRepository;
import org.takedown.intake.status.RequestStatus;
import org.takedown.intake.status.StatusChange;
import org.takedown.messaging.Outbox;
import org.takedown.pdq.PdqHash;
import org.takedown.web.ProblemException;

/**
 * Accepts a claimant's request: validates and normalises the targets, seals the personal data,
 * stores the request and its {@code requests.submitted} event in one transaction.
 */
@ApplicationScoped
public class SubmissionService {

    private static final Logger LOG = Logger.getLogger(SubmissionService.class);

    private final TakedownRequestRepository requests;
    private final EvidenceImageRepository evidenceImages;
    private final EvidenceHashRepository evidenceHashes;
    private final PersonalDataCipher cipher;
    private final Outbox outbox;
    private final IntakeConfig config;
    private final byte[] pepper;
    private final EmailConfirmation confirmations;
    private final org.takedown.intake.email.EmailConfig emailConfig;
    private final org.takedown.messaging.RequestTraces traces;
    private final org.takedown.intake.access.ClaimantAccess access;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final jakarta.enterprise.event.Event<org.takedown.intake.evidence.EvidenceCheck.Submitted> withImages;
    private final org.takedown.intake.dataset.KnownDatasets knownDatasets;

    public static final String STATEMENTS_ADDED = "STATEMENTS_ADDED";

    SubmissionService(TakedownRequestRepository requests, EvidenceImageRepository evidenceImages,
            EvidenceHashRepository evidenceHashes, PersonalDataCipher cipher, Outbox outbox, IntakeConfig config,
            IntakeCryptoConfig crypto, EmailConfirmation confirmations, org.takedown.intake.access.ClaimantAccess access,
            com.fasterxml.jackson.databind.ObjectMapper json, org.takedown.intake.email.EmailConfig emailConfig,
            org.takedown.messaging.RequestTraces traces,
            jakarta.enterprise.event.Event<org.takedown.intake.evidence.EvidenceCheck.Submitted> withImages,
            org.takedown.intake.dataset.KnownDatasets knownDatasets) {
        this.knownDatasets = knownDatasets;
        this.withImages = withImages;
        this.traces = traces;
        this.access = access;
        this.emailConfig = emailConfig;
        this.json = json;
        this.confirmations = confirmations;
        this.requests = requests;
        this.evidenceImages = evidenceImages;
        this.evidenceHashes = evidenceHashes;
        this.cipher = cipher;
        this.outbox = outbox;
        this.config = config;
        this.pepper = Base64.getDecoder().decode(crypto.claimantRefPepper());
    }

    /** @param accessToken null when this answers a retry: the token was shown once, to the first call */
    public record Accepted(UUID id, RequestStatus status, String accessToken) {

        public boolean replayed() {
            return accessToken == null;
        }
    }

    /**
     * Answers a submission retried under the same {@code Idempotency-Key} with the request the first
     * call created; a different body under a used key is refused.
     */
    @Transactional
    public java.util.Optional<Accepted> replay(String idempotencyKey, byte[] submissionHash) {
        if (idempotencyKey == null) {
            return java.util.Optional.empty();
        }
        return requests.findByIdempotencyKey(idempotencyKey).map(existing -> {
            if (!java.security.MessageDigest.isEqual(existing.submissionHash, submissionHash)) {
                throw new ProblemException(422, "idempotency-key-reused", "Idempotency-Key already used",
                        "This Idempotency-Key was used for a different request; use a new key for a new request.",
                        List.of());
            }
            return new Accepted(existing.id, existing.status, null);
        });
    }

    @Transactional
    /**
     * @param source where the request came from; only a pseudonym of its network leaves intake
     * @param language the claimant's language (the form's, or the API's Accept-Language): mails go out in it
     */
    public Accepted submit(RequestSubmission submission, List<CleanImage> images, String idempotencyKey,
            byte[] submissionHash, java.util.Optional<java.net.InetAddress> source, java.util.Locale language) {
        java.util.Optional<Accepted> earlier = replay(idempotencyKey, submissionHash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        List<String> imageUrls = normaliseUrls(submission.imageUrlsOrEmpty());
        List<String> domains = normaliseDomains(submission.domainsOrEmpty());
        checkTargetBytes(imageUrls, domains);
        List<String> textQueries = submission.textQueriesOrEmpty();
        List<String> datasets = checkDatasets(submission.datasetsOrEmpty());
        List<RequestSubmission.EvidenceHashInput> hashes = submission.evidenceHashesOrEmpty();
        if (imageUrls.isEmpty() && domains.isEmpty() && textQueries.isEmpty() && images.isEmpty() && hashes.isEmpty()) {
            throw ProblemException.invalidField("imageUrls",
                    "name at least one image URL, domain, text query or image so that we know what to look for");
        }
        if (submission.claimType() == ClaimType.SITE_OPT_OUT && domains.isEmpty()) {
            throw ProblemException.invalidField("domains", "a website opt-out needs the domain or URL prefix to opt out");
        }

        Instant now = Instant.now();
        String token = AccessTokens.newToken();
        TakedownRequest request = new TakedownRequest();
        request.id = UUID.randomUUID();
        request.claimType = submission.claimType();
        request.language = language.toLanguageTag();
        boolean gated = emailConfig.confirmationRequired();
        request.status = gated ? RequestStatus.AWAITING_CONFIRMATION : RequestStatus.SUBMITTED;
        request.networkRef = source.map(address -> NetworkRef.of(address, pepper)).orElse(null);
        request.claimantRef = ClaimantRef.of(submission.claimant().email(), pepper);
        request.country = submission.claimant().country();
        request.actingFor = submission.claimant().actingFor() == null
                ? RequestSubmission.ActingFor.SELF.name() : submission.claimant().actingFor().name();
        request.keyId = cipher.currentKeyId();
        request.emailSealed = cipher.seal(submission.claimant().email().strip(), request.id);
        request.nameSealed = submission.claimant().name() == null ? null : cipher.seal(submission.claimant().name(), request.id);
        request.accessTokenHash = AccessTokens.hash(token);
        request.idempotencyKey = idempotencyKey;
        request.submissionHash = submissionHash;
        List<String> statementElements = StatementElements.present(submission.statements());
        request.statementsSealed = submission.statements() == null ? null
                : cipher.seal(submission.statements().toString(), request.id);
        request.createdAt = now;
        request.updatedAt = now;
        if (!gated) {
            request.clock(LegalClock.receivedAt(now));
        }
        // With images, requests.submitted waits until EvidenceCheck has proven that they decode.
        request.datasets = datasets.isEmpty() ? null : String.join(",", datasets);
        request.releasePending = !gated && !images.isEmpty();
        addTargets(request, imageUrls, domains, textQueries);
        request.timeline.add(StatusChange.of(request, request.status, null, null, now));
        requests.persist(request);
        storeEvidence(request, images, now);
        storeHashes(request, hashes, now);
        confirmations.queue(request, now);
        // Surfaces a concurrent first use of the same Idempotency-Key here, not at commit.
        requests.flush();
        outbox.publish(RequestReceived.of(request.id, request.claimType, now)); // the transparency report's "received"

        if (gated || !images.isEmpty()) {
            // Its event goes out at confirmation or once its images are proven to decode (EvidenceCheck),
            // in another trace: the request's trace is this one.
            traces.remember(request.id);
            if (!images.isEmpty()) {
                withImages.fire(new org.takedown.intake.evidence.EvidenceCheck.Submitted(request.id));
            }
        } else {
            outbox.publish(RequestSubmitted.of(request.id, request.claimType, request.claimantRef)
                    .imageUrls(imageUrls).domains(domains)
                    .textQueryCount(textQueries.size()).evidenceImageCount(images.size() + hashes.size())
                    .statementElements(statementElements)
                    .sourceNetworkRef(source.map(address -> NetworkRef.of(address, pepper)).orElse(null))
                    .clock(request.clock().orElse(null))
                .datasets(request.datasetList())
                    .build());
        }
        LOG.infof("request %s accepted%s: %s, %d image URLs, %d domains, %d text queries", request.id,
                gated ? " (waits for the address to be confirmed)" : "", request.claimType,
                imageUrls.size(), domains.size(), textQueries.size());
        return new Accepted(request.id, request.status, token);
    }

    /**
     * The claimant adds the statements verification found missing: they join the sealed statements, and
     * a fresh {@code requests.submitted} (new event id, same request id) has verification check the
     * request again.
     *
     * @param added element name → the claimant's text, or {@code true} for a ticked statement
     */
    @Transactional
    public void addMissingStatements(String id, String token, java.util.Optional<java.net.InetAddress> source,
            java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> added) {
        TakedownRequest request = access.open(id, token, source);
        if (request.status != RequestStatus.NEEDS_INFORMATION
                || request.pendingQuestion != TakedownRequest.PendingQuestion.MISSING_STATEMENTS) {
            throw ProblemException.conflict("no-missing-statements", "No statements are missing from this request.");
        }
        List<String> missing = missingElements(request);
        List<org.takedown.web.Problem.FieldError> errors = new ArrayList<>();
        com.fasterxml.jackson.databind.node.ObjectNode statements = openStatements(request);
        for (String element : missing) {
            com.fasterxml.jackson.databind.JsonNode value = added.get(element);
            com.fasterxml.jackson.databind.node.ObjectNode probe = json.createObjectNode();
            if (value != null) {
                probe.set(element, value);
            }
            if (StatementElements.present(probe).isEmpty()) {
                errors.add(new org.takedown.web.Problem.FieldError("statements." + element, "please give this statement"));
            } else {
                statements.set(element, value);
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "invalid-request", "The request is not valid",
                    errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
        List<String> statementElements = StatementElements.present(statements);
        Instant now = Instant.now();
        request.statementsSealed = cipher.sealWith(request.keyId, statements.toString(), request.id);
        request.moveTo(RequestStatus.SUBMITTED, now);
        request.reopenedAt = now;
        request.pendingQuestion = null;
        request.changeClock(clock -> clock.resumedAt(now)); // verification's question is answered
        request.timeline.add(StatusChange.of(request, RequestStatus.SUBMITTED, STATEMENTS_ADDED, null, now));
        List<String> imageUrls = request.targetValues(RequestTarget.Kind.IMAGE_URL);
        List<String> domains = request.targetValues(RequestTarget.Kind.DOMAIN);
        outbox.publish(RequestSubmitted.of(request.id, request.claimType, request.claimantRef)
                .imageUrls(imageUrls).domains(domains)
                .textQueryCount((int) request.targetCount(RequestTarget.Kind.TEXT_QUERY))
                .evidenceImageCount(evidenceCount(request.id))
                .statementElements(statementElements)
                .sourceNetworkRef(source.map(address -> NetworkRef.of(address, pepper)).orElse(null))
                .clock(request.clock().orElse(null))
                .datasets(request.datasetList())
                .build());
        LOG.infof("request %s: %d missing statements added, submitted again", request.id, missing.size());
    }

    /**
     * The claimant confirmed the address of a request that waited for it: it is submitted for
     * processing now, with the same event it would have had at once.
     */
    void onConfirmed(@jakarta.enterprise.event.Observes org.takedown.intake.email.EmailConfirmation.Confirmed confirmed) {
        release(confirmed.request(), confirmed.at());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void release(TakedownRequest request, Instant now) {
        if (request.status != RequestStatus.AWAITING_CONFIRMATION) {
            return;
        }
        request.moveTo(RequestStatus.SUBMITTED, now);
        request.clock(LegalClock.receivedAt(now)); // received: the confirmed request
        request.timeline.add(StatusChange.of(request, RequestStatus.SUBMITTED, null, null, now));
        if (evidenceImages.countUnchecked(request.id) > 0) {
            request.releasePending = true; // EvidenceCheck publishes once the images are proven to decode
            LOG.infof("request %s: address confirmed, submitted once its images are checked", request.id);
            return;
        }
        publishSubmitted(request, now);
        LOG.infof("request %s: address confirmed, submitted for processing", request.id);
    }

    /**
     * Publishes {@code requests.submitted} for a request that waited for its evidence check; every
     * image decoded.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void releaseChecked(TakedownRequest request, int imageCount, Instant now) {
        if (!request.releasePending) {
            return;
        }
        request.releasePending = false;
        request.updatedAt = now;
        if (request.status != RequestStatus.SUBMITTED) {
            return; // withdrawn meanwhile: nothing goes out
        }
        publishSubmitted(request, imageCount + (int) evidenceHashes.countFor(request.id), now);
        LOG.infof("request %s: images checked, submitted for processing", request.id);
    }

    private void publishSubmitted(TakedownRequest request, Instant now) {
        publishSubmitted(request, evidenceCount(request.id), now);
    }

    private void publishSubmitted(TakedownRequest request, int imageCount, Instant now) {
        outbox.publish(RequestSubmitted.of(request.id, request.claimType, request.claimantRef)
                .imageUrls(request.targetValues(RequestTarget.Kind.IMAGE_URL))
                .domains(request.targetValues(RequestTarget.Kind.DOMAIN))
                .textQueryCount((int) request.targetCount(RequestTarget.Kind.TEXT_QUERY))
                .evidenceImageCount(imageCount)
                .statementElements(StatementElements.present(openStatements(request)))
                .sourceNetworkRef(request.networkRef)
                .clock(request.clock().orElse(null))
                .datasets(request.datasetList())
                .build());
    }

    /** The elements verification asked for most recently (names only). */
    public static List<String> missingElements(TakedownRequest request) {
        return request.timeline.stream()
                .filter(c -> c.note == null && c.status == RequestStatus.NEEDS_INFORMATION && c.detail != null)
                .reduce((a, b) -> b).map(c -> List.of(c.detail.split(","))).orElse(List.of())
                .stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
    }

    private com.fasterxml.jackson.databind.node.ObjectNode openStatements(TakedownRequest request) {
        if (request.statementsSealed == null) {
            return json.createObjectNode();
        }
        try {
            return (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                    cipher.open(request.statementsSealed, request.keyId, request.id));
        } catch (java.io.IOException | ClassCastException e) {
            throw new IllegalStateException("the sealed statements of request " + request.id + " are not a JSON object", e);
        }
    }

    /**
     * What {@code requests.submitted} counts as evidence images: the uploaded ones and those hashed on the device
     * (ADR 021), so that verification and matching treat both alike.
     */
    private int evidenceCount(UUID requestId) {
        return (int) (evidenceImages.countFor(requestId) + evidenceHashes.countFor(requestId));
    }

    private void storeHashes(TakedownRequest request, List<RequestSubmission.EvidenceHashInput> hashes, Instant now) {
        for (int i = 0; i < hashes.size(); i++) {
            EvidenceHash hash = new EvidenceHash();
            hash.id = UUID.randomUUID();
            hash.requestId = request.id;
            hash.position = i;
            hash.pdq = PdqHash.parse(hashes.get(i).pdq()).toHex();
            hash.quality = hashes.get(i).quality().shortValue();
            hash.createdAt = now;
            evidenceHashes.persist(hash);
        }
    }

    private void storeEvidence(TakedownRequest request, List<CleanImage> images, Instant now) {
        for (int i = 0; i < images.size(); i++) {
            CleanImage image = images.get(i);
            EvidenceImage evidence = new EvidenceImage();
            evidence.id = UUID.randomUUID();
            evidence.requestId = request.id;
            evidence.position = i;
            evidence.sourceType = image.sourceType();
            evidence.storedType = image.sourceType();
            evidence.checkStatus = EvidenceImage.CheckStatus.PENDING;
            evidence.width = image.width();
            evidence.height = image.height();
            evidence.sha256 = image.sha256();
            evidence.keyId = cipher.currentKeyId();
            evidence.imageSealed = cipher.seal(image.bytes(), request.id);
            evidence.createdAt = now;
            evidenceImages.persist(evidence);
        }
    }

    private void addTargets(TakedownRequest request, List<String> imageUrls, List<String> domains, List<String> textQueries) {
        int position = 0;
        for (String url : imageUrls) {
            request.targets.add(RequestTarget.publicValue(request, RequestTarget.Kind.IMAGE_URL, position++, url));
        }
        for (String domain : domains) {
            request.targets.add(RequestTarget.publicValue(request, RequestTarget.Kind.DOMAIN, position++, domain));
        }
        for (String query : textQueries) {
            request.targets.add(RequestTarget.sealedValue(request, RequestTarget.Kind.TEXT_QUERY, position++,
                    cipher.seal(query, request.id)));
        }
    }

    private List<String> normaliseUrls(List<String> raw) {
        if (raw.size() > config.maxImageUrls()) {
            throw ProblemException.invalidField("imageUrls",
                    "at most " + config.maxImageUrls() + " image URLs per request; split the list into several requests");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            int index = i;
            unique.add(NormalizedUrl.parse(raw.get(i)).orElseThrow(() -> ProblemException.invalidField(
                    "imageUrls[" + index + "]", "must be an absolute http or https URL, like https://example.org/photo.jpg")));
        }
        return new ArrayList<>(unique);
    }

    /**
     * The targets travel in {@code requests.submitted}: bounded here, so that no accepted request has an
     * event Kafka refuses (ADR 012). Counted after normalisation and de-duplication, as they are sent.
     */
    private void checkTargetBytes(List<String> imageUrls, List<String> domains) {
        long bytes = 0;
        for (String url : imageUrls) {
            bytes += url.getBytes(StandardCharsets.UTF_8).length;
        }
        for (String domain : domains) {
            bytes += domain.getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > config.maxTargetBytes()) {
            throw ProblemException.invalidField(imageUrls.isEmpty() ? "domains" : "imageUrls",
                    "the image URLs and domains of one request may take at most " + config.maxTargetBytes()
                            + " bytes together; these take " + bytes + ": split them into several requests");
        }
    }

    /** Domains are host names, or URL prefixes for part of a site; both become a normalised prefix. */
    /** A registry id is a plain name (as matching's ReleaseStore takes it). */
    private static final java.util.regex.Pattern DATASET_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");

    /** The data sets named, each once, in the order given; refused when one is not a registry id or not registered. */
    private List<String> checkDatasets(List<String> raw) {
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String value = raw.get(i).strip();
            if (!DATASET_ID.matcher(value).matches()) {
                throw ProblemException.invalidField("datasets[" + i + "]",
                        "'" + value + "' is not a data set id; GET /api/v1/datasets lists them (e.g. laion-5b)");
            }
            unique.add(value);
        }
        List<String> datasets = List.copyOf(unique);
        List<String> unknown = knownDatasets.unknown(datasets);
        if (!unknown.isEmpty()) {
            throw ProblemException.invalidField("datasets", "no data set " + String.join(", ", unknown)
                    + " is registered; GET /api/v1/datasets lists those that are, or name none to search them all");
        }
        return datasets;
    }

    private static List<String> normaliseDomains(List<String> raw) {
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String value = raw.get(i).strip();
            String candidate = value.contains("://") ? value : "https://" + value;
            int index = i;
            String url = NormalizedUrl.parse(candidate).orElseThrow(() -> ProblemException.invalidField(
                    "domains[" + index + "]", "must be a domain such as example.org or a URL prefix such as https://example.org/art/"));
            String host = HostNames.hostOf(url);
            if (!HostNames.isPublicDomainName(host)) {
                throw ProblemException.invalidField("domains[" + index + "]", "must be a public domain name such as "
                        + "example.org: letters, digits and hyphens between dots (no underscores, no IP addresses)");
            }
            unique.add(value.contains("://") ? url : host.toLowerCase(Locale.ROOT));
        }
        return new ArrayList<>(unique);
    }
}

package org.takedown.intake.web;

import jakarta.annotation.security.PermitAll;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;
import org.takedown.events.ClaimType;
import org.takedown.events.LegalClock;
import org.takedown.events.NormalizedUrl;
import org.takedown.intake.access.ClaimantAccess;
import org.takedown.intake.access.ClientAddress;
import org.takedown.intake.access.TooManyAttemptsException;
import org.takedown.intake.api.RequestSubmission;
import org.takedown.intake.api.RequestView;
import org.takedown.intake.email.EmailConfig;
import org.takedown.intake.email.EmailConfirmation;
import org.takedown.intake.evidence.CleanImage;
import org.takedown.intake.evidence.EvidenceConfig;
import org.takedown.intake.evidence.EvidenceImageRepository;
import org.takedown.intake.evidence.ImageCleaner;
import org.takedown.intake.request.SubmissionService;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.status.ClaimantTexts;
import org.takedown.intake.status.RequestStatus;
import org.takedown.intake.dialogue.ClaimantMessages;
import org.takedown.intake.dialogue.ReplyService;
import org.takedown.intake.export.ClaimantExport;
import org.takedown.intake.request.RequestTarget;
import org.takedown.intake.verification.DomainProofLookup;
import org.takedown.intake.withdrawal.WithdrawalService;
import org.takedown.web.Problem;
import org.takedown.web.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.core.MultivaluedMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The claimant's web pages, rendered on the server and usable without JavaScript: the submission
 * form, the receipt that shows the access token once, and the status page opened with that token.
 * They take the same path through {@link SubmissionService} and {@link ClaimantAccess} as the JSON API.
 */
@Path("/")
@Tag(name = "Claimant pages", description = "The claimant's HTML form and status page (no JavaScript needed)")
@Produces(MediaType.TEXT_HTML)
// Claimants are not Keycloak users: these endpoints are public, their own capability token guards each request.
@PermitAll
public class ClaimantPages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    private final Template form;
    private final Template receipt;
    private final Template statusLogin;
    private final Template status;
    private final Template tokenRotated;
    private final Template confirm;
    private final EmailConfirmation confirmations;
    private final EmailConfig emailConfig;
    private final SubmissionService submissions;
    private final ClaimantAccess access;
    private final ImageCleaner cleaner;
    private final EvidenceConfig evidenceConfig;
    private final EvidenceImageRepository evidence;
    private final ClaimantTexts texts;
    private final CsrfGuard csrf;
    private final Validator validator;
    private final ObjectMapper json;
    private final WithdrawalService withdrawals;
    private final ReplyService replies;
    private final ClaimantMessages claimantMessages;
    private final ClaimantExport exports;
    private final DomainProofLookup domainProofs;

    @Context
    HttpServerRequest httpRequest;

    ClaimantPages(@Location("claimant/form.html") Template form, @Location("claimant/receipt.html") Template receipt,
            @Location("claimant/status-login.html") Template statusLogin, @Location("claimant/status.html") Template status,
            @Location("claimant/token-rotated.html") Template tokenRotated, @Location("claimant/confirm.html") Template confirm,
            EmailConfirmation confirmations, EmailConfig emailConfig, SubmissionService submissions,
            ClaimantAccess access, ImageCleaner cleaner, EvidenceConfig evidenceConfig, EvidenceImageRepository evidence,
            ClaimantTexts texts, CsrfGuard csrf, Validator validator, ObjectMapper json, WithdrawalService withdrawals,
            ReplyService replies, ClaimantMessages claimantMessages, ClaimantExport exports, DomainProofLookup domainProofs) {
        this.withdrawals = withdrawals;
        this.replies = replies;
        this.claimantMessages = claimantMessages;
        this.exports = exports;
        this.domainProofs = domainProofs;
        this.form = form;
        this.receipt = receipt;
        this.statusLogin = statusLogin;
        this.status = status;
        this.tokenRotated = tokenRotated;
        this.confirm = confirm;
        this.confirmations = confirmations;
        this.emailConfig = emailConfig;
        this.submissions = submissions;
        this.access = access;
        this.cleaner = cleaner;
        this.evidenceConfig = evidenceConfig;
        this.evidence = evidence;
        this.texts = texts;
        this.csrf = csrf;
        this.validator = validator;
        this.json = json;
    }

    @GET
    @Operation(summary = "Claimant page (HTML)")
    public Response home(@CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        return submitForm(csrfCookie);
    }

    @GET
    @Path("submit")
    @Operation(summary = "Claimant page (HTML)")
    public Response submitForm(@CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        String token = csrf.tokenFor(csrfCookie);
        FormPage page = formPage(token, UUID.randomUUID().toString(), Map.of("actingFor", "SELF"), Map.of(), null);
        return page(200, form.data("page", page), token);
    }

    @POST
    @Path("submit")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Claimant page (HTML)")
    public Response submit(MultipartFormDataInput input, @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        Map<String, String> values = new HashMap<>();
        List<FormValue> files = new ArrayList<>();
        input.getValues().forEach((name, parts) -> collect(name, parts, values, files));
        csrf.verify(csrfCookie, values.get(CsrfGuard.FIELD));
        String token = csrf.tokenFor(csrfCookie);
        String submissionKey = values.getOrDefault("submissionKey", "");
        if (!submissionKey.matches("[0-9a-f-]{36}")) {
            submissionKey = UUID.randomUUID().toString();
        }

        Map<String, String> errors = new HashMap<>();
        RequestSubmission submission = ClaimForm.toSubmission(values, errors, json);
        for (ConstraintViolation<RequestSubmission> violation : validator.validate(submission)) {
            String path = violation.getPropertyPath().toString();
            errors.putIfAbsent(ClaimForm.fieldOf(path), ClaimForm.messageFor(path, violation.getMessage()));
        }
        checkUrls(submission, errors);
        List<CleanImage> images = new ArrayList<>();
        int status = 400;
        try {
            images = cleanImages(files);
        } catch (ProblemException refused) {
            status = refused.status();
            putErrors(refused, errors);
        }
        if (!errors.isEmpty()) {
            return page(errors.size() == 1 ? status : 400,
                    form.data("page", formPage(token, submissionKey, values, errors, null)), token);
        }
        SubmissionService.Accepted accepted;
        try {
            accepted = submissions.submit(submission, images, "form-" + submissionKey, fingerprint(submission, images),
                    ClientAddress.of(httpRequest));
        } catch (ProblemException refused) {
            putErrors(refused, errors);
            String general = errors.isEmpty() ? refused.getMessage() : null;
            return page(refused.status(), form.data("page", formPage(token, submissionKey, values, errors, general)),
                    token);
        }
        return page(accepted.replayed() ? 200 : 201,
                receipt.data("id", accepted.id().toString()).data("token", accepted.accessToken())
                        .data("replayed", accepted.replayed()),
                token);
    }

    @GET
    @Path("status/{id}")
    @Operation(summary = "Claimant page (HTML)")
    public Response statusLogin(@PathParam("id") String id, @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        String token = csrf.tokenFor(csrfCookie);
        return page(200, loginPage(id, token, null), token);
    }

    @POST
    @Path("status/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Transactional
    @Operation(summary = "Claimant page (HTML)")
    public Response showStatus(@PathParam("id") String id, @RestForm("token") String accessToken,
            @RestForm(CsrfGuard.FIELD) String csrfField, @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        csrf.verify(csrfCookie, csrfField);
        String token = csrf.tokenFor(csrfCookie);
        TakedownRequest request;
        try {
            request = access.open(id, accessToken == null ? null : accessToken.strip(), ClientAddress.of(httpRequest));
        } catch (ProblemException refused) {
            return refusedAccess(id, token, refused);
        }
        return page(200, status.data("page", statusPage(request, token, accessToken.strip(), Feedback.NONE)), token);
    }

    @POST
    @Path("status/{id}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Claimant page (HTML)")
    public Response withdraw(@PathParam("id") String id, @RestForm("token") String accessToken,
            @RestForm(CsrfGuard.FIELD) String csrfField, @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        return act(id, accessToken, csrfField, csrfCookie, Map.of(), code -> {
            WithdrawalService.Withdrawn withdrawn = withdrawals.withdraw(id, code, ClientAddress.of(httpRequest));
            return withdrawn.alreadyWithdrawn() ? "This request was already withdrawn."
                    : "You withdrew your request. We stopped working on it and sent you an e-mail to confirm.";
        });
    }

    @POST
    @Path("status/{id}/answer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Claimant page (HTML)")
    public Response answer(@PathParam("id") String id, @RestForm("token") String accessToken, @RestForm("text") String text,
            @RestForm(CsrfGuard.FIELD) String csrfField, @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        return act(id, accessToken, csrfField, csrfCookie, Map.of("text", text == null ? "" : text), code -> {
            replies.answer(id, code, ClientAddress.of(httpRequest), text);
            return "Thank you. We received your answer; a person on our team is looking at it.";
        });
    }

    @POST
    @Path("status/{id}/appeal")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Claimant page (HTML)")
    public Response appeal(@PathParam("id") String id, @RestForm("token") String accessToken,
            @RestForm("grounds") String grounds, @RestForm(CsrfGuard.FIELD) String csrfField,
            @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        return act(id, accessToken, csrfField, csrfCookie, Map.of("grounds", grounds == null ? "" : grounds), code -> {
            replies.appeal(id, code, ClientAddress.of(httpRequest), grounds);
            return "We received your appeal. A different person on our team will look at your request again.";
        });
    }

    @POST
    @Path("status/{id}/statements")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Claimant page (HTML)")
    public Response addStatements(@PathParam("id") String id, MultivaluedMap<String, String> fields,
            @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        Map<String, String> values = new HashMap<>();
        Map<String, JsonNode> statements = new HashMap<>();
        fields.forEach((name, list) -> {
            String value = list.isEmpty() ? "" : list.get(0);
            if (name.startsWith("statements.")) {
                values.put(name, value);
                String element = name.substring("statements.".length());
                // A ticked box sends "on"; text fields send what was typed.
                statements.put(element, "on".equals(value) && checkbox(element) ? BooleanNode.TRUE
                        : TextNode.valueOf(value.strip()));
            }
        });
        return act(id, fields.getFirst("token"), fields.getFirst(CsrfGuard.FIELD), csrfCookie, values, code -> {
            submissions.addMissingStatements(id, code, ClientAddress.of(httpRequest), statements);
            return "Thank you. We added your statements and are checking your request again.";
        });
    }

    @POST
    @Path("status/{id}/export")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({ "application/zip", MediaType.TEXT_HTML })
    @Operation(summary = "Claimant page: download everything held about the request (ZIP)")
    public Response export(@PathParam("id") String id, @RestForm("token") String accessToken,
            @RestForm(CsrfGuard.FIELD) String csrfField, @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        csrf.verify(csrfCookie, csrfField);
        String token = csrf.tokenFor(csrfCookie);
        try {
            ClaimantExport.Archive archive = exports.export(id, accessToken == null ? null : accessToken.strip(),
                    ClientAddress.of(httpRequest));
            return Response.ok(archive.zip(), "application/zip")
                    .header("Content-Disposition", "attachment; filename=\"" + archive.fileName() + "\"")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .header("X-Content-Type-Options", "nosniff")
                    .build();
        } catch (ProblemException refused) {
            return refusedAccess(id, token, refused);
        }
    }

    /** What the claimant did on the status page; answers with a short sentence for the page. */
    @FunctionalInterface
    private interface Action {
        String run(String accessToken);
    }

    /** The outcome of an action for the page: a notice, or an error with the values typed and per-field errors. */
    private record Feedback(String notice, String error, Map<String, String> values, Map<String, String> fieldErrors) {

        static final Feedback NONE = new Feedback(null, null, Map.of(), Map.of());
    }

    /**
     * Runs a claimant's action in its own transaction, then shows the status page as it is now, with
     * the outcome. Refused actions write nothing and say why next to the form.
     */
    private Response act(String id, String accessToken, String csrfField, String csrfCookie, Map<String, String> values,
            Action action) {
        csrf.verify(csrfCookie, csrfField);
        String token = csrf.tokenFor(csrfCookie);
        String code = accessToken == null ? null : accessToken.strip();
        Feedback feedback;
        int status = 200;
        try {
            feedback = new Feedback(action.run(code), null, Map.of(), Map.of());
        } catch (ProblemException refused) {
            if (refused instanceof TooManyAttemptsException || refused.status() == 404) {
                return refusedAccess(id, token, refused);
            }
            status = refused.status();
            Map<String, String> fieldErrors = new HashMap<>();
            refused.errors().forEach(e -> fieldErrors.put(e.field(), e.message()));
            feedback = new Feedback(null, fieldErrors.isEmpty() ? refused.getMessage() : "Please check the form below.",
                    values, fieldErrors);
        }
        Feedback shown = feedback;
        StatusPage view;
        try {
            view = QuarkusTransaction.requiringNew().call(() -> statusPage(access.open(id, code, ClientAddress.of(httpRequest)),
                    token, code, shown));
        } catch (ProblemException refused) {
            return refusedAccess(id, token, refused);
        }
        return page(status, this.status.data("page", view), token);
    }

    private static boolean checkbox(String element) {
        return ClaimForm.STATEMENTS.values().stream().flatMap(List::stream)
                .anyMatch(s -> s.element().equals(element) && s.kind() == ClaimForm.Kind.CHECKBOX);
    }

    @POST
    @Path("status/{id}/rotate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Claimant page (HTML)")
    public Response rotate(@PathParam("id") String id, @RestForm("token") String accessToken,
            @RestForm(CsrfGuard.FIELD) String csrfField, @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        csrf.verify(csrfCookie, csrfField);
        String token = csrf.tokenFor(csrfCookie);
        ClaimantAccess.Rotated rotated;
        try {
            rotated = access.rotate(id, accessToken, ClientAddress.of(httpRequest));
        } catch (ProblemException refused) {
            return refusedAccess(id, token, refused);
        }
        return page(200, tokenRotated.data("id", rotated.id().toString()).data("token", rotated.accessToken())
                .data("csrf", token), token);
    }

    @GET
    @Path("confirm/{id}")
    @Operation(summary = "Claimant page (HTML)")
    public Response confirmForm(@PathParam("id") String id, @QueryParam("code") String code,
            @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        // Mail scanners open links: the GET only asks, the button confirms.
        String token = csrf.tokenFor(csrfCookie);
        return page(200, confirmPage(id, "ASK", token).data("code", code == null ? "" : code), token);
    }

    @POST
    @Path("confirm/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Claimant page (HTML)")
    public Response confirm(@PathParam("id") String id, @RestForm("code") String code,
            @RestForm(CsrfGuard.FIELD) String csrfField, @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        csrf.verify(csrfCookie, csrfField);
        String token = csrf.tokenFor(csrfCookie);
        EmailConfirmation.Outcome outcome = confirmations.confirm(id, code);
        int status = switch (outcome) {
            case CONFIRMED, ALREADY_CONFIRMED -> 200;
            case EXPIRED -> 410;
            case UNKNOWN -> 404;
        };
        return page(status, confirmPage(id, outcome.name(), token).data("code", ""), token);
    }

    private TemplateInstance confirmPage(String id, String outcome, String csrfToken) {
        return confirm.data("id", id).data("outcome", outcome).data("csrf", csrfToken)
                .data("hours", emailConfig.confirmationValidity().toHours());
    }

    private Response refusedAccess(String id, String csrfToken, ProblemException refused) {
        if (refused instanceof TooManyAttemptsException limited) {
            long minutes = Math.max(1, (limited.retryAfterSeconds() + 59) / 60);
            String message = "Too many wrong access codes were tried for this request. Please wait " + minutes
                    + (minutes == 1 ? " minute" : " minutes") + " and try again.";
            return Response.fromResponse(page(429, loginPage(id, csrfToken, message), csrfToken))
                    .header(HttpHeaders.RETRY_AFTER, limited.retryAfterSeconds()).build();
        }
        if (refused.status() == 404) {
            return page(404, loginPage(id, csrfToken, "We could not open this request: the access code is not right, "
                    + "or there is no request with this number. Check the code on your receipt."), csrfToken);
        }
        throw refused;
    }

    private TemplateInstance loginPage(String id, String csrfToken, String error) {
        return statusLogin.data("id", id).data("csrf", csrfToken).data("error", error);
    }

    private StatusPage statusPage(TakedownRequest request, String csrfToken, String accessToken, Feedback feedback) {
        RequestView view = RequestView.of(request, texts);
        List<StatusPage.Entry> timeline = view.timeline().stream().map(this::entry).toList();
        boolean open = !request.status.closed();
        Instant now = Instant.now();
        Optional<LegalClock> clock = open ? request.clock() : Optional.empty();
        boolean extended = request.answerDueAt != null || clock.filter(c -> c.extensionMonths() > 0).isPresent();
        String answerDueBy = open && extended ? request.answerDueAt(now).map(DAY::format).orElse(null) : null;
        String deadline = extended ? null : clock.map(c -> texts.deadline(DAY.format(c.dueAt(now)), c.daysLeft(now), c.paused()))
                .orElse(null);
        var extension = answerDueBy == null ? null : request.timeline.stream()
                .filter(c -> org.takedown.intake.status.StatusService.DEADLINE_EXTENDED.equals(c.note)).reduce((a, b) -> b)
                .orElse(null);
        return new StatusPage(csrfToken, request.id.toString(), accessToken,
                texts.text("form.claimType." + view.claimType()), texts.text("label." + view.status()),
                view.explanation(), timeline,
                view.targets().imageUrls(), view.targets().domains(), view.targets().textQueries(),
                evidence.countFor(request.id), feedback.notice(), feedback.error(), deadline, answerDueBy,
                extension == null ? null : texts.extensionReason(extension.detail),
                extension == null ? null : claimantMessages.text(request, extension.messageId).orElse(null),
                decisionMessage(request),
                question(request, feedback), missingStatements(request, feedback), appealForm(request, feedback),
                WithdrawalService.withdrawable(request.status), request.status == RequestStatus.WITHDRAWN,
                request.personalDataErased(), domainProofSection(request));
    }

    private String decisionMessage(TakedownRequest request) {
        return request.status == RequestStatus.DENIED || request.status == RequestStatus.REVERSED
                ? claimantMessages.current(request).orElse(null) : null;
    }

    private StatusPage.Question question(TakedownRequest request, Feedback feedback) {
        if (request.status != RequestStatus.NEEDS_INFORMATION
                || request.pendingQuestion != TakedownRequest.PendingQuestion.REVIEWER_QUESTION) {
            return null;
        }
        var asked = ClaimantMessages.question(request).orElse(null);
        List<String> needed = asked == null || asked.detail == null ? List.of()
                : java.util.Arrays.stream(asked.detail.split(",")).map(String::strip).filter(c -> !c.isEmpty())
                        .map(c -> texts.text("question." + c).equals("question." + c) ? texts.text("question.OTHER")
                                : texts.text("question." + c))
                        .map(t -> Character.toUpperCase(t.charAt(0)) + t.substring(1) + ".").toList();
        String message = claimantMessages.current(request).orElse(null);
        return new StatusPage.Question(needed, message,
                new StatusPage.TextForm(feedback.values().getOrDefault("text", ""), feedback.fieldErrors().get("text")));
    }

    private List<FormPage.Field> missingStatements(TakedownRequest request, Feedback feedback) {
        if (request.status != RequestStatus.NEEDS_INFORMATION
                || request.pendingQuestion != TakedownRequest.PendingQuestion.MISSING_STATEMENTS) {
            return List.of();
        }
        List<ClaimForm.Statement> known = ClaimForm.STATEMENTS.getOrDefault(request.claimType, List.of());
        List<FormPage.Field> fields = new ArrayList<>();
        for (String element : SubmissionService.missingElements(request)) {
            ClaimForm.Kind kind = known.stream().filter(s -> s.element().equals(element)).map(ClaimForm.Statement::kind)
                    .findFirst().orElse(ClaimForm.Kind.TEXTAREA);
            String name = "statements." + element;
            String label = texts.text("form.statement." + element);
            if (label.equals("form.statement." + element)) {
                label = texts.text("element." + element);
            }
            String value = feedback.values().getOrDefault(name, "");
            fields.add(new FormPage.Field("s-" + element, name, kind.name().toLowerCase(java.util.Locale.ROOT), label, null,
                    kind == ClaimForm.Kind.CHECKBOX ? "" : value, kind == ClaimForm.Kind.CHECKBOX && "on".equals(value),
                    feedback.fieldErrors().get(name), List.of()));
        }
        return fields;
    }

    private StatusPage.TextForm appealForm(TakedownRequest request, Feedback feedback) {
        if (request.status != RequestStatus.DENIED || replies.appealed(request.id)) {
            return null;
        }
        return new StatusPage.TextForm(feedback.values().getOrDefault("grounds", ""), feedback.fieldErrors().get("grounds"));
    }

    /** A site opt-out that is still open: what to publish where, as verification knows it. */
    private StatusPage.DomainProofSection domainProofSection(TakedownRequest request) {
        if (request.claimType != ClaimType.SITE_OPT_OUT || request.status.closed()
                || request.targetCount(RequestTarget.Kind.DOMAIN) == 0) {
            return null;
        }
        DomainProofLookup.Result result = domainProofs.forRequest(request.id);
        List<StatusPage.Proof> proofs = result.proofs().stream().map(p -> new StatusPage.Proof(p.domain(),
                texts.text("proof." + p.status()).equals("proof." + p.status()) ? p.status() : texts.text("proof." + p.status()),
                p.deadline() == null ? null : WHEN.format(p.deadline()),
                p.wellKnownFile() == null ? null : p.wellKnownFile().url(),
                p.wellKnownFile() == null ? null : p.wellKnownFile().content(),
                p.dnsRecord() == null ? null : p.dnsRecord().name(),
                p.dnsRecord() == null ? null : p.dnsRecord().value())).toList();
        return new StatusPage.DomainProofSection(result.available(), proofs);
    }

    private StatusPage.Entry entry(RequestView.TimelineEntry entry) {
        String label = entry.note() != null ? "Note" : texts.text("label." + entry.status());
        return new StatusPage.Entry(WHEN.format(entry.at()), label, entry.explanation());
    }

    private FormPage formPage(String csrfToken, String submissionKey, Map<String, String> values,
            Map<String, String> errors, String generalError) {
        List<FormPage.Section> sections = new ArrayList<>();
        String chosenType = values.get("claimType");
        List<FormPage.Option> types = new ArrayList<>();
        for (ClaimType type : ClaimType.values()) {
            types.add(new FormPage.Option(type.name(), texts.text("form.claimType." + type.name()),
                    type.name().equals(chosenType)));
        }
        List<FormPage.Option> actingFor = new ArrayList<>();
        for (RequestSubmission.ActingFor who : RequestSubmission.ActingFor.values()) {
            actingFor.add(new FormPage.Option(who.name(), texts.text("form.actingFor." + who.name()),
                    who.name().equals(values.get("actingFor"))));
        }
        sections.add(new FormPage.Section("kind", "What kind of request is this?", null, List.of(
                field("claimType", "select", "Kind of request", null, values, errors, types),
                field("actingFor", "select", "Who are you asking for?", null, values, errors, actingFor))));
        sections.add(new FormPage.Section("you", "About you",
                "We keep these details encrypted and use them only to handle your request and to write to you.", List.of(
                        field("email", "email", "Your e-mail address", "We write to you here about your request.",
                                values, errors, List.of()),
                        field("name", "text", "Your name (optional)", null, values, errors, List.of()),
                        field("country", "text", "Your country (optional)",
                                "Two letters, for example DE for Germany or FR for France.", values, errors, List.of()))));
        sections.add(new FormPage.Section("what", "What should we look for?",
                "Give at least one: an image, an image address, a website or a name.", List.of(
                        field("images", "file", "Images of yours (optional)", "JPEG, PNG or WebP, up to "
                                + evidenceConfig.maxImages() + " images. We remove location and camera data before "
                                + "storing them encrypted.", values, errors, List.of()),
                        field("imageUrls", "textarea", "Image addresses (optional)",
                                "One per line, starting with https:// or http://.", values, errors, List.of()),
                        field("domains", "textarea", "Websites or parts of websites (optional)",
                                "One per line, for example example.org or https://example.org/art/.", values, errors,
                                List.of()),
                        field("textQueries", "textarea", "Names or words in image captions (optional)",
                                "One per line, for example your name as it appears next to your photos.", values, errors,
                                List.of()))));
        ClaimForm.STATEMENTS.forEach((type, statements) -> {
            List<FormPage.Field> fields = new ArrayList<>();
            for (ClaimForm.Statement statement : statements) {
                String name = ClaimForm.statementField(type, statement.element());
                String kind = statement.kind().name().toLowerCase(java.util.Locale.ROOT);
                fields.add(field(name, kind, texts.text("form.statement." + statement.element()), null, values, errors,
                        List.of()));
            }
            sections.add(new FormPage.Section("statements-" + type.name(), texts.text("form.section." + type.name()),
                    "Fill in this part only if you chose this kind of request.", fields));
        });
        List<FormPage.Field> withErrors = sections.stream().flatMap(s -> s.fields().stream())
                .filter(FormPage.Field::hasError).toList();
        return new FormPage(csrfToken, submissionKey, sections, withErrors, generalError);
    }

    private static FormPage.Field field(String name, String kind, String label, String hint, Map<String, String> values,
            Map<String, String> errors, List<FormPage.Option> options) {
        String value = values.getOrDefault(name, "");
        String id = "f-" + name.replace('.', '-');
        return new FormPage.Field(id, name, kind, label, hint, value, "checkbox".equals(kind) && values.containsKey(name),
                errors.get(name), options);
    }

    private static void collect(String name, Collection<FormValue> parts, Map<String, String> values,
            List<FormValue> files) {
        for (FormValue part : parts) {
            if (part.isFileItem()) {
                if ("images".equals(name)) {
                    files.add(part);
                }
            } else {
                values.put(name, part.getValue());
            }
        }
    }

    /** Like the API: every image is checked before anything is written. A file input left empty sends no file. */
    private List<CleanImage> cleanImages(List<FormValue> files) {
        List<FormValue> chosen = files.stream()
                .filter(f -> !(f.getFileName() == null || f.getFileName().isEmpty()) || size(f) > 0).toList();
        if (chosen.size() > evidenceConfig.maxImages()) {
            throw ProblemException.invalidField("images", "at most " + evidenceConfig.maxImages() + " images per request");
        }
        List<CleanImage> clean = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            FormValue file = chosen.get(i);
            String type = file.getHeaders() == null ? null : file.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
            clean.add(cleaner.clean(read(file), "images[" + i + "]", file.getFileName(), type));
        }
        return clean;
    }

    private static long size(FormValue file) {
        try {
            return file.getFileItem().getFileSize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(FormValue file) {
        try (InputStream in = file.getFileItem().getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read an uploaded file", e);
        }
    }

    /** The service checks URLs too, but only once all else is valid: here every field's error shows at once. */
    private static void checkUrls(RequestSubmission submission, Map<String, String> errors) {
        List<String> urls = submission.imageUrlsOrEmpty();
        for (int i = 0; i < urls.size() && !errors.containsKey("imageUrls"); i++) {
            if (NormalizedUrl.parse(urls.get(i)).isEmpty()) {
                errors.put("imageUrls", ClaimForm.messageFor("imageUrls[" + i + "]",
                        "must be an absolute http or https URL, like https://example.org/photo.jpg"));
            }
        }
    }

    private static void putErrors(ProblemException refused, Map<String, String> errors) {
        for (Problem.FieldError error : refused.errors()) {
            errors.putIfAbsent(ClaimForm.fieldOf(error.field()), ClaimForm.messageFor(error.field(), error.message()));
        }
    }

    private byte[] fingerprint(RequestSubmission submission, List<CleanImage> images) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(json.writeValueAsBytes(submission));
            images.forEach(image -> digest.update(image.sha256()));
            return digest.digest();
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a submission", e);
        }
    }

    /** Pages that carry a token are never cached or sent on as referrer; scripts only from our own files (no inline), no frames. */
    private Response page(int status, TemplateInstance content, String csrfToken) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(content.render())
                .cookie(csrf.cookie(csrfToken))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy",
                        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .build();
    }
}

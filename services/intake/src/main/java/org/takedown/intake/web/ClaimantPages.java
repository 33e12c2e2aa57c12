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
import org.takedown.intake.search.MatchingSearchClient;
import org.takedown.intake.search.PreFilingSearch;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.status.ClaimantTexts;
import org.takedown.intake.status.RequestStatus;
import org.takedown.intake.status.TextBundle;
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
 * They take the same path through {@link SubmissionService} and {@link ClaimantAccess} as the JSON API. Every
 * word on them comes from the claimant texts, in the language {@link PageLanguage} chooses.
 */
@Path("/")
@Tag(name = "Claimant pages", description = "The claimant's HTML form and status page (no JavaScript needed)")
@Produces(MediaType.TEXT_HTML)
// Claimants are not Keycloak users: these endpoints are public, their own capability token guards each request.
@PermitAll
public class ClaimantPages {

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
    private final PageLanguage languages;
    private final Template search;
    private final PreFilingSearch searches;

    @Context
    HttpServerRequest httpRequest;

    ClaimantPages(@Location("claimant/form.html") Template form, @Location("claimant/receipt.html") Template receipt,
            @Location("claimant/status-login.html") Template statusLogin, @Location("claimant/status.html") Template status,
            @Location("claimant/token-rotated.html") Template tokenRotated, @Location("claimant/confirm.html") Template confirm,
            EmailConfirmation confirmations, EmailConfig emailConfig, SubmissionService submissions,
            ClaimantAccess access, ImageCleaner cleaner, EvidenceConfig evidenceConfig, EvidenceImageRepository evidence,
            ClaimantTexts texts, CsrfGuard csrf, Validator validator, ObjectMapper json, WithdrawalService withdrawals,
            ReplyService replies, ClaimantMessages claimantMessages, ClaimantExport exports, DomainProofLookup domainProofs,
            PageLanguage languages, @Location("claimant/search.html") Template search, PreFilingSearch searches) {
        this.languages = languages;
        this.search = search;
        this.searches = searches;
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
        return submitForm(csrfCookie, List.of());
    }

    @GET
    @Path("submit")
    @Operation(summary = "Claimant page (HTML)", description = "Each `pick` (`<data set> <item URL>`, ticked on the "
            + "search page) fills in the item's URL and its data set.")
    public Response submitForm(@CookieParam(CsrfGuard.COOKIE) String csrfCookie, @QueryParam("pick") List<String> picks) {
        String token = csrf.tokenFor(csrfCookie);
        Map<String, String> values = new HashMap<>(Map.of("actingFor", "SELF"));
        values.putAll(SearchPage.picked(picks));
        FormPage page = formPage(words(), token, UUID.randomUUID().toString(), values, Map.of(), null);
        return page(200, form.data("page", page), token);
    }

    /**
     * The pre-filing search page (ADR 025): words for captions are searched here on the server (no script needed);
     * an image is hashed on the device by /js/search.js, which asks {@link #searchHashes}. Either way the results
     * are items of the ACTIVE releases, to tick and add to a new request ({@code GET /submit?pick=...}).
     */
    @GET
    @Path("search")
    @Operation(summary = "Claimant page (HTML): search the data sets before filing")
    public Response searchPage(@QueryParam("q") String q, @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        String token = csrf.tokenFor(csrfCookie);
        TextBundle words = words();
        SearchPage view;
        int status = 200;
        if (q == null || q.isBlank()) {
            view = SearchPage.empty(q);
        } else {
            try {
                view = SearchPage.of(q, searches.captions(q, ClientAddress.of(httpRequest)));
            } catch (ProblemException refused) {
                status = refused.status();
                String key = switch (refused.status()) {
                    case 429 -> "search.error.busy";
                    case 400 -> "search.error.query";
                    default -> "search.error.unavailable";
                };
                view = SearchPage.failed(q, words.text(key));
            }
        }
        Response response = page(status, search.data("page", view), token, "connect-src 'self'; ");
        return response;
    }

    /**
     * The search page's script sends only the hash it made of the chosen image; intake asks matching (so the page
     * never talks to another origin) and answers its results per data set release.
     */
    @POST
    @Path("search/hashes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search the ACTIVE releases by a PDQ hash made on the device (used by the search page)",
            description = "Body `{\"pdq\": \"<64 hex>\", \"quality\": 0..100}`. Rate-limited per client network (429 "
                    + "with Retry-After); 503 when matching cannot answer.")
    public MatchingSearchClient.Results searchHashes(MatchingSearchClient.HashQuery query) {
        return searches.hashes(query, ClientAddress.of(httpRequest));
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

        TextBundle words = words();
        Map<String, String> errors = new HashMap<>();
        RequestSubmission submission = ClaimForm.toSubmission(values, errors, json, words);
        for (ConstraintViolation<RequestSubmission> violation : validator.validate(submission)) {
            String path = violation.getPropertyPath().toString();
            errors.putIfAbsent(ClaimForm.fieldOf(path), ClaimForm.messageFor(path, violation.getMessage(), words));
        }
        checkUrls(submission, errors, words);
        List<CleanImage> images = new ArrayList<>();
        int status = 400;
        try {
            images = cleanImages(files, words);
        } catch (ProblemException refused) {
            status = refused.status();
            putErrors(refused, errors, words);
        }
        if (!errors.isEmpty()) {
            return page(errors.size() == 1 ? status : 400,
                    form.data("page", formPage(words, token, submissionKey, values, errors, null)), token);
        }
        SubmissionService.Accepted accepted;
        try {
            accepted = submissions.submit(submission, images, "form-" + submissionKey, fingerprint(submission, images),
                    ClientAddress.of(httpRequest), words.locale());
        } catch (ProblemException refused) {
            putErrors(refused, errors, words);
            String general = errors.isEmpty() ? refused.getMessage() : null;
            return page(refused.status(), form.data("page", formPage(words, token, submissionKey, values, errors, general)),
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
        return page(200, status.data("page", statusPage(request, words(), token, accessToken.strip(), Feedback.NONE)),
                token);
    }

    @POST
    @Path("status/{id}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Claimant page (HTML)")
    public Response withdraw(@PathParam("id") String id, @RestForm("token") String accessToken,
            @RestForm(CsrfGuard.FIELD) String csrfField, @CookieParam(CsrfGuard.COOKIE) String csrfCookie) {
        return act(id, accessToken, csrfField, csrfCookie, Map.of(), code -> {
            WithdrawalService.Withdrawn withdrawn = withdrawals.withdraw(id, code, ClientAddress.of(httpRequest));
            return words().text(withdrawn.alreadyWithdrawn() ? "notice.alreadyWithdrawn" : "notice.withdrawn");
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
            return words().text("notice.answered");
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
            return words().text("notice.appealed");
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
            return words().text("notice.statementsAdded");
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
            feedback = new Feedback(null, fieldErrors.isEmpty() ? refused.getMessage() : words().text("page.checkForm"),
                    values, fieldErrors);
        }
        Feedback shown = feedback;
        StatusPage view;
        try {
            view = QuarkusTransaction.requiringNew().call(() -> statusPage(access.open(id, code, ClientAddress.of(httpRequest)),
                    words(), token, code, shown));
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
            String message = words().text(minutes == 1 ? "login.tooManyAttempts.one" : "login.tooManyAttempts.other",
                    minutes);
            return Response.fromResponse(page(429, loginPage(id, csrfToken, message), csrfToken))
                    .header(HttpHeaders.RETRY_AFTER, limited.retryAfterSeconds()).build();
        }
        if (refused.status() == 404) {
            return page(404, loginPage(id, csrfToken, words().text("login.notFound")), csrfToken);
        }
        throw refused;
    }

    private TemplateInstance loginPage(String id, String csrfToken, String error) {
        return statusLogin.data("id", id).data("csrf", csrfToken).data("error", error);
    }

    private StatusPage statusPage(TakedownRequest request, TextBundle texts, String csrfToken, String accessToken,
            Feedback feedback) {
        RequestView view = RequestView.of(request, texts);
        List<StatusPage.Entry> timeline = view.timeline().stream().map(e -> entry(e, texts)).toList();
        boolean open = !request.status.closed();
        Instant now = Instant.now();
        Optional<LegalClock> clock = open ? request.clock() : Optional.empty();
        boolean extended = request.answerDueAt != null || clock.filter(c -> c.extensionMonths() > 0).isPresent();
        String answerDueBy = open && extended ? request.answerDueAt(now).map(texts::day).orElse(null) : null;
        String deadline = extended ? null : clock.map(c -> texts.deadline(texts.day(c.dueAt(now)), c.daysLeft(now), c.paused()))
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
                question(request, texts, feedback), missingStatements(request, texts, feedback), appealForm(request, feedback),
                WithdrawalService.withdrawable(request.status), request.status == RequestStatus.WITHDRAWN,
                request.personalDataErased(), domainProofSection(request, texts));
    }

    private String decisionMessage(TakedownRequest request) {
        return request.status == RequestStatus.DENIED || request.status == RequestStatus.REVERSED
                ? claimantMessages.current(request).orElse(null) : null;
    }

    private StatusPage.Question question(TakedownRequest request, TextBundle texts, Feedback feedback) {
        if (request.status != RequestStatus.NEEDS_INFORMATION
                || request.pendingQuestion != TakedownRequest.PendingQuestion.REVIEWER_QUESTION) {
            return null;
        }
        var asked = ClaimantMessages.question(request).orElse(null);
        List<String> needed = asked == null || asked.detail == null ? List.of()
                : java.util.Arrays.stream(asked.detail.split(",")).map(String::strip).filter(c -> !c.isEmpty())
                        .map(c -> texts.has("question." + c) ? texts.text("question." + c) : texts.text("question.OTHER"))
                        .map(t -> t.substring(0, 1).toUpperCase(texts.locale()) + t.substring(1) + ".").toList();
        String message = claimantMessages.current(request).orElse(null);
        return new StatusPage.Question(needed, message,
                new StatusPage.TextForm(feedback.values().getOrDefault("text", ""), feedback.fieldErrors().get("text")));
    }

    private List<FormPage.Field> missingStatements(TakedownRequest request, TextBundle texts, Feedback feedback) {
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
            String label = texts.has("form.statement." + element) ? texts.text("form.statement." + element)
                    : texts.text("element." + element);
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
    private StatusPage.DomainProofSection domainProofSection(TakedownRequest request, TextBundle texts) {
        if (request.claimType != ClaimType.SITE_OPT_OUT || request.status.closed()
                || request.targetCount(RequestTarget.Kind.DOMAIN) == 0) {
            return null;
        }
        DomainProofLookup.Result result = domainProofs.forRequest(request.id);
        List<StatusPage.Proof> proofs = result.proofs().stream().map(p -> new StatusPage.Proof(p.domain(),
                texts.has("proof." + p.status()) ? texts.text("proof." + p.status()) : p.status(),
                p.deadline() == null ? null : texts.moment(p.deadline()),
                p.wellKnownFile() == null ? null : p.wellKnownFile().url(),
                p.wellKnownFile() == null ? null : p.wellKnownFile().content(),
                p.dnsRecord() == null ? null : p.dnsRecord().name(),
                p.dnsRecord() == null ? null : p.dnsRecord().value())).toList();
        return new StatusPage.DomainProofSection(result.available(), proofs);
    }

    private static StatusPage.Entry entry(RequestView.TimelineEntry entry, TextBundle texts) {
        String label = entry.note() != null ? texts.text("label.note") : texts.text("label." + entry.status());
        return new StatusPage.Entry(texts.moment(entry.at()), label, entry.explanation());
    }

    private FormPage formPage(TextBundle texts, String csrfToken, String submissionKey, Map<String, String> values,
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
        sections.add(section(texts, "kind", List.of(
                field(texts, "claimType", "select", values, errors, types),
                field(texts, "actingFor", "select", values, errors, actingFor))));
        sections.add(section(texts, "you", List.of(
                field(texts, "email", "email", values, errors, List.of()),
                field(texts, "name", "text", values, errors, List.of()),
                field(texts, "country", "text", values, errors, List.of()))));
        sections.add(section(texts, "what", List.of(
                field(texts, "images", "file", values, errors, List.of(), evidenceConfig.maxImages()),
                field(texts, "imageUrls", "textarea", values, errors, List.of()),
                field(texts, "domains", "textarea", values, errors, List.of()),
                field(texts, "textQueries", "textarea", values, errors, List.of()),
                field(texts, "datasets", "textarea", values, errors, List.of()))));
        ClaimForm.STATEMENTS.forEach((type, statements) -> {
            List<FormPage.Field> fields = new ArrayList<>();
            for (ClaimForm.Statement statement : statements) {
                String name = ClaimForm.statementField(type, statement.element());
                String kind = statement.kind().name().toLowerCase(java.util.Locale.ROOT);
                fields.add(field(name, kind, texts.text("form.statement." + statement.element()), null, values, errors,
                        List.of()));
            }
            sections.add(new FormPage.Section("statements-" + type.name(), texts.text("form.section." + type.name()),
                    texts.text("form.section.statements.intro"), fields));
        });
        List<FormPage.Field> withErrors = sections.stream().flatMap(s -> s.fields().stream())
                .filter(FormPage.Field::hasError).toList();
        return new FormPage(csrfToken, submissionKey, sections, withErrors, generalError);
    }

    /** A section of the form, its heading and introduction from {@code form.<id>.heading} and {@code form.<id>.intro}. */
    private static FormPage.Section section(TextBundle texts, String id, List<FormPage.Field> fields) {
        String intro = "form." + id + ".intro";
        return new FormPage.Section(id, texts.text("form." + id + ".heading"), texts.has(intro) ? texts.text(intro) : null,
                fields);
    }

    /** A plain field, its label and hint from {@code form.field.<name>} and {@code form.field.<name>.hint}. */
    private static FormPage.Field field(TextBundle texts, String name, String kind, Map<String, String> values,
            Map<String, String> errors, List<FormPage.Option> options, Object... hintValues) {
        String hint = "form.field." + name + ".hint";
        return field(name, kind, texts.text("form.field." + name), texts.has(hint) ? texts.text(hint, hintValues) : null,
                values, errors, options);
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
    private List<CleanImage> cleanImages(List<FormValue> files, TextBundle texts) {
        List<FormValue> chosen = files.stream()
                .filter(f -> !(f.getFileName() == null || f.getFileName().isEmpty()) || size(f) > 0).toList();
        if (chosen.size() > evidenceConfig.maxImages()) {
            throw ProblemException.invalidField("images", texts.text("form.error.tooManyImages", evidenceConfig.maxImages()));
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
    private static void checkUrls(RequestSubmission submission, Map<String, String> errors, TextBundle texts) {
        List<String> urls = submission.imageUrlsOrEmpty();
        for (int i = 0; i < urls.size() && !errors.containsKey("imageUrls"); i++) {
            if (NormalizedUrl.parse(urls.get(i)).isEmpty()) {
                errors.put("imageUrls", ClaimForm.messageFor("imageUrls[" + i + "]", texts.text("form.error.url"), texts));
            }
        }
    }

    private static void putErrors(ProblemException refused, Map<String, String> errors, TextBundle texts) {
        for (Problem.FieldError error : refused.errors()) {
            errors.putIfAbsent(ClaimForm.fieldOf(error.field()), ClaimForm.messageFor(error.field(), error.message(), texts));
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

    /** The texts of this request's page. */
    private TextBundle words() {
        return languages.of(httpRequest);
    }

    /**
     * Pages that carry a token are never cached or sent on as referrer; scripts only from our own files (no inline),
     * no frames. Every page has the texts of its language ({@code t}), the language ({@code lang}) and the switch to
     * the others.
     */
    private Response page(int status, TemplateInstance content, String csrfToken) {
        return page(status, content, csrfToken, "");
    }

    /** {@code moreDirectives}: a page whose script talks to us (the search page) adds {@code connect-src 'self'}. */
    private Response page(int status, TemplateInstance content, String csrfToken, String moreDirectives) {
        TextBundle words = words();
        content.data("t", words.asMap()).data("lang", words.tag()).data("languages", languages.choices(httpRequest, words));
        Response.ResponseBuilder response = Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(content.render()).language(words.locale());
        languages.remembered(httpRequest).ifPresent(response::cookie);
        return response
                .cookie(csrf.cookie(csrfToken))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy",
                        "default-src 'none'; " + moreDirectives + "script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .build();
    }
}

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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;
import org.takedown.events.ClaimType;
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
import org.takedown.web.Problem;
import org.takedown.web.ProblemException;

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

    @Context
    HttpServerRequest httpRequest;

    ClaimantPages(@Location("claimant/form.html") Template form, @Location("claimant/receipt.html") Template receipt,
            @Location("claimant/status-login.html") Template statusLogin, @Location("claimant/status.html") Template status,
            @Location("claimant/token-rotated.html") Template tokenRotated, @Location("claimant/confirm.html") Template confirm,
            EmailConfirmation confirmations, EmailConfig emailConfig, SubmissionService submissions,
            ClaimantAccess access, ImageCleaner cleaner, EvidenceConfig evidenceConfig, EvidenceImageRepository evidence,
            ClaimantTexts texts, CsrfGuard csrf, Validator validator, ObjectMapper json) {
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
        return page(200, status.data("page", statusPage(request, token, accessToken.strip())), token);
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

    private StatusPage statusPage(TakedownRequest request, String csrfToken, String accessToken) {
        RequestView view = RequestView.of(request, texts);
        List<StatusPage.Entry> timeline = view.timeline().stream().map(this::entry).toList();
        return new StatusPage(csrfToken, request.id.toString(), accessToken,
                texts.text("form.claimType." + view.claimType()), texts.text("label." + view.status()),
                view.explanation(), request.status == RequestStatus.NEEDS_INFORMATION, timeline,
                view.targets().imageUrls(), view.targets().domains(), view.targets().textQueries(),
                evidence.countFor(request.id));
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

    /** Pages that carry a token are never cached or sent on as referrer; no scripts, no frames. */
    private Response page(int status, TemplateInstance content, String csrfToken) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(content.render())
                .cookie(csrf.cookie(csrfToken))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy",
                        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .build();
    }
}

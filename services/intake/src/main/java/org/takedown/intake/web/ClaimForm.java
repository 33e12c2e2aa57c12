package org.takedown.intake.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.takedown.events.ClaimType;
import org.takedown.intake.api.RequestSubmission;
import org.takedown.intake.status.TextBundle;

/**
 * The claimant's form: which fields it has, how its values become the same {@link RequestSubmission}
 * the JSON API takes, and how errors (named by their JSON path) find their way back to a field.
 * Each claim type has its own set of statements; only the chosen type's are sent.
 */
final class ClaimForm {

    enum Kind {
        TEXT, TEXTAREA, CHECKBOX
    }

    record Statement(String element, Kind kind) {
    }

    static final Map<ClaimType, List<Statement>> STATEMENTS = new LinkedHashMap<>();

    static {
        STATEMENTS.put(ClaimType.GDPR_ERASURE, List.of(new Statement("dataSubjectOrMandate", Kind.TEXTAREA),
                new Statement("jurisdiction", Kind.TEXT), new Statement("erasureGround", Kind.TEXTAREA)));
        STATEMENTS.put(ClaimType.GDPR_OBJECTION, List.of(new Statement("dataSubjectOrMandate", Kind.TEXTAREA),
                new Statement("jurisdiction", Kind.TEXT), new Statement("objectionGrounds", Kind.TEXTAREA)));
        STATEMENTS.put(ClaimType.COPYRIGHT, List.of(new Statement("identificationOfWork", Kind.TEXTAREA),
                new Statement("identificationOfMaterial", Kind.TEXTAREA), new Statement("contact", Kind.TEXT),
                new Statement("goodFaithStatement", Kind.CHECKBOX),
                new Statement("accuracyUnderPenaltyOfPerjury", Kind.CHECKBOX), new Statement("signature", Kind.TEXT)));
        STATEMENTS.put(ClaimType.LIKENESS, List.of(new Statement("depictedPersonOrMandate", Kind.TEXTAREA),
                new Statement("jurisdiction", Kind.TEXT), new Statement("noConsentStatement", Kind.CHECKBOX)));
        STATEMENTS.put(ClaimType.SITE_OPT_OUT, List.of(new Statement("authorityForSite", Kind.TEXTAREA),
                new Statement("accuracyStatement", Kind.CHECKBOX)));
    }

    /** Form field names of the fields that are not statements. */
    static final List<String> PLAIN_FIELDS = List.of("claimType", "actingFor", "email", "name", "country", "imageUrls",
            "domains", "textQueries", "datasets");

    static String statementField(ClaimType type, String element) {
        return "statements." + type.name() + "." + element;
    }

    private ClaimForm() {
    }

    /**
     * The submission the form describes. Values that cannot even be parsed (an unknown claim type)
     * are reported in {@code errors} and left out.
     */
    static RequestSubmission toSubmission(Map<String, String> values, Map<String, String> errors, ObjectMapper json,
            TextBundle texts) {
        ClaimType type = parseEnum(values.get("claimType"), ClaimType::valueOf);
        if (type == null) {
            errors.put("claimType", texts.text("form.error.claimType"));
        }
        RequestSubmission.ActingFor actingFor = parseEnum(values.get("actingFor"), RequestSubmission.ActingFor::valueOf);
        String country = blankToNull(values.get("country"));
        RequestSubmission.Claimant claimant = new RequestSubmission.Claimant(values.getOrDefault("email", "").strip(),
                blankToNull(values.get("name")), country == null ? null : country.toUpperCase(Locale.ROOT), actingFor);
        ObjectNode statements = null;
        if (type != null) {
            statements = json.createObjectNode();
            for (Statement statement : STATEMENTS.get(type)) {
                String value = values.get(statementField(type, statement.element()));
                if (statement.kind() == Kind.CHECKBOX) {
                    if (value != null) {
                        statements.put(statement.element(), true);
                    }
                } else if (value != null && !value.isBlank()) {
                    statements.put(statement.element(), value.strip());
                }
            }
        }
        return new RequestSubmission(type, claimant, lines(values.get("imageUrls")), lines(values.get("domains")),
                lines(values.get("textQueries")), statements, deviceHashes(values.get("evidenceHashes")),
                datasets(values.get("datasets")));
    }

    /**
     * The hidden field the page's script fills when the claimant hashes on the device: one line per image,
     * {@code <64 hex digits> <quality>}. A line that is not of that form is kept so that validation names it.
     */
    static List<RequestSubmission.EvidenceHashInput> deviceHashes(String text) {
        List<RequestSubmission.EvidenceHashInput> hashes = new ArrayList<>();
        for (String line : lines(text)) {
            String[] parts = line.split("\\s+");
            Integer quality = null;
            if (parts.length == 2 && parts[1].matches("[0-9]{1,3}")) {
                quality = Integer.valueOf(parts[1]);
            }
            hashes.add(new RequestSubmission.EvidenceHashInput(parts[0], quality));
        }
        return hashes.isEmpty() ? null : hashes;
    }

    /** The data sets field: ids one a line (or separated by commas or spaces); none → every data set is searched. */
    static List<String> datasets(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return Arrays.stream(text.split("[\\s,]+")).filter(id -> !id.isEmpty()).distinct().toList();
    }

    /**
     * The form field a JSON path belongs to: {@code claimant.email} → {@code email},
     * {@code imageUrls[3]} → {@code imageUrls} (with the line number in the message).
     */
    static String fieldOf(String jsonPath) {
        String path = jsonPath.replaceFirst("^claimant\\.", "");
        int cut = path.length();
        for (char stop : new char[] {'[', '.'}) {
            int at = path.indexOf(stop);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        String field = path.substring(0, cut);
        // Hashes made on the device stand for the images chosen in the image field: their errors belong there.
        return field.equals("evidenceHashes") ? "images" : field;
    }

    /** {@code imageUrls[3]} → "line 4: …", so the claimant finds the line in the text area. */
    static String messageFor(String jsonPath, String message, TextBundle texts) {
        java.util.regex.Matcher index = java.util.regex.Pattern.compile("^[A-Za-z]+\\[(\\d+)]").matcher(jsonPath);
        if (index.find()) {
            String what = jsonPath.startsWith("images") ? "form.error.image" : "form.error.line";
            return texts.text(what, Integer.parseInt(index.group(1)) + 1, message);
        }
        return message;
    }

    private static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        Arrays.stream(text.split("\\R")).map(String::strip).filter(line -> !line.isEmpty()).forEach(lines::add);
        return lines;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static <T> T parseEnum(String value, Function<String, T> parse) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parse.apply(value.strip());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}

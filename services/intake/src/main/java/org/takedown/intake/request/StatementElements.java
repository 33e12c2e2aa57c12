package org.takedown.intake.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.takedown.web.ProblemException;

/**
 * The claimant's statements are a JSON object of named legal elements (e.g. {@code signature},
 * {@code goodFaithStatement}; the names per claim type are listed in the verification README).
 * Their content is personal data and stays sealed in intake; only the names of the elements that
 * are present travel, so that verification can check completeness.
 */
public final class StatementElements {

    static final int MAX_ELEMENTS = 30;
    static final int MAX_TEXT = 5_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private StatementElements() {
    }

    /**
     * Names of the elements with a value: non-blank text, {@code true}, or a non-empty object or list.
     *
     * @throws ProblemException if the statements are not an object of plain named elements
     */
    public static List<String> present(JsonNode statements) {
        if (statements == null || statements.isNull()) {
            return List.of();
        }
        if (!statements.isObject()) {
            throw ProblemException.invalidField("statements", "must be an object of named statements");
        }
        if (statements.size() > MAX_ELEMENTS) {
            throw ProblemException.invalidField("statements", "at most " + MAX_ELEMENTS + " statements");
        }
        List<String> present = new ArrayList<>();
        for (Map.Entry<String, JsonNode> element : (Iterable<Map.Entry<String, JsonNode>>) statements::fields) {
            String name = element.getKey();
            if (!NAME.matcher(name).matches()) {
                throw ProblemException.invalidField("statements", "statement names are letters, digits and _: " + abbreviate(name));
            }
            JsonNode value = element.getValue();
            if (value.isTextual() && value.textValue().length() > MAX_TEXT) {
                throw ProblemException.invalidField("statements." + name, "at most " + MAX_TEXT + " characters");
            }
            if (hasValue(value)) {
                present.add(name);
            }
        }
        return List.copyOf(present);
    }

    private static boolean hasValue(JsonNode value) {
        if (value.isTextual()) {
            return !value.textValue().isBlank();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return (value.isObject() || value.isArray()) && !value.isEmpty();
    }

    private static String abbreviate(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "…" : name;
    }
}

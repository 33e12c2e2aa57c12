package org.takedown.intake.web;

import io.quarkus.qute.TemplateData;
import java.util.List;

/** What the submission form template shows: sections of fields, with values and errors. */
@TemplateData
public record FormPage(String csrf, String submissionKey, List<Section> sections, List<Field> errors,
        String generalError) {

    @TemplateData
    public record Section(String id, String heading, String intro, List<Field> fields) {
    }

    /** {@code kind}: text, email, textarea, checkbox, select or file. */
    @TemplateData
    public record Field(String id, String name, String kind, String label, String hint, String value, boolean checked,
            String error, List<Option> options) {

        public boolean hasError() {
            return error != null;
        }

        public boolean hasHint() {
            return hint != null && !hint.isBlank();
        }

        /** The ids that describe this field to assistive technology. */
        public String describedBy() {
            String ids = (hasHint() ? id + "-hint " : "") + (hasError() ? id + "-error" : "");
            return ids.strip();
        }
    }

    @TemplateData
    public record Option(String value, String label, boolean selected) {
    }
}

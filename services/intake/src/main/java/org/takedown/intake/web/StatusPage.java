package org.takedown.intake.web;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * What the status page shows; {@code token} goes only into the hidden fields of its forms.
 * {@code notice}/{@code error}: the outcome of what the claimant just did on the page.
 */
@TemplateData
public record StatusPage(String csrf, String id, String token, String claimType, String statusLabel,
        String explanation, List<Entry> timeline, List<String> imageUrls,
        List<String> domains, long textQueries, long images, String notice, String error, String deadline, String answerDueBy,
        String answerDueReason, String answerDueMessage,
        String decisionMessage, Question question, List<FormPage.Field> missingStatements, TextForm appeal,
        boolean withdrawable, boolean withdrawn, boolean personalDataErased, DomainProofSection domainProofs) {

    @TemplateData
    public record Entry(String at, String label, String text) {
    }

    /** A reviewer's question: what is needed (in plain words), their own words if any, and the answer form. */
    @TemplateData
    public record Question(List<String> needed, String message, TextForm answer) {
    }

    /** A text area with what was typed and its error, if any. */
    @TemplateData
    public record TextForm(String value, String error) {

        public boolean hasError() {
            return error != null;
        }
    }

    /** What a website owner must publish to prove control of each domain (from verification). */
    @TemplateData
    public record DomainProofSection(boolean available, List<Proof> proofs) {
    }

    @TemplateData
    public record Proof(String domain, String status, String deadline, String fileUrl, String fileContent,
            String dnsName, String dnsValue) {
    }

    public boolean hasMissingStatements() {
        return missingStatements != null && !missingStatements.isEmpty();
    }
}

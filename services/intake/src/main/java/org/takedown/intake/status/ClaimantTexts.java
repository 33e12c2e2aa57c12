package org.takedown.intake.status;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;
import org.takedown.events.MatchesFound;

/**
 * Plain-language texts for the status page, from {@code claimant-texts.properties}: statuses,
 * reason codes and missing statement elements, so that wording changes without code changes.
 */
@ApplicationScoped
public class ClaimantTexts {

    private final Properties texts = new Properties();

    public ClaimantTexts() {
        try (InputStream in = ClaimantTexts.class.getResourceAsStream("/claimant-texts.properties")) {
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("claimant-texts.properties is missing from intake", e);
        }
    }

    /** Any text by its key; the key itself when the text is missing, so a gap shows instead of breaking a page. */
    public String text(String key) {
        return texts.getProperty(key, key);
    }

    /** What a timeline note (an event that did not change the status) means. */
    public String note(String note) {
        return texts.getProperty("note." + note, "");
    }

    /** As {@link #note(String)}, with the note's comma-separated detail in its {@code {0}}, {@code {1}}… */
    public String note(String note, String detail) {
        String text = note(note);
        if (detail == null || !text.contains("{0}")) {
            return text;
        }
        String[] parts = detail.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            text = text.replace("{" + i + "}", parts[i]);
        }
        return text;
    }

    /** Why a reviewer extended the deadline, in plain words; a general sentence for codes without a text. */
    public String extensionReason(String reasonCode) {
        return texts.getProperty("extension." + reasonCode, texts.getProperty("extension.OTHER", ""));
    }

    /**
     * The legal deadline in plain words: the date and the days left, or, while we wait for the claimant, that the
     * clock stands still with the days that will be left when they answer.
     */
    public String deadline(String dueBy, long daysLeft, boolean paused) {
        String key = paused ? "deadline.paused" : daysLeft > 0 ? "deadline.running" : "deadline.due";
        return text(key).replace("{dueBy}", dueBy).replace("{daysLeft}", String.valueOf(daysLeft))
                .replace("{days}", daysLeft == 1 ? text("deadline.day") : text("deadline.days"));
    }

    /**
     * The detail of MATCHED: how many candidates, and in which data set releases
     * ({@code "3 in demo-a 2026-11, demo-b 2026-12"}); public data set names only.
     */
    public static String matchedDetail(MatchesFound matches) {
        String releases = matches.candidates().stream()
                .map(c -> c.datasetIn(matches) + " " + c.releaseIn(matches))
                .distinct().sorted().collect(Collectors.joining(", "));
        return releases.isEmpty() ? String.valueOf(matches.totalCandidates()) : matches.totalCandidates() + " in " + releases;
    }

    /** The status's explanation, followed by what its detail (a reason code or missing elements) means. */
    public String explain(RequestStatus status, String detail) {
        String text = texts.getProperty("status." + status.name(), "");
        if (detail == null || detail.isBlank()) {
            return text;
        }
        if (status == RequestStatus.NEEDS_INFORMATION) {
            return text + " " + Arrays.stream(detail.split(","))
                    .map(String::strip)
                    .map(code -> texts.getProperty("element." + code, texts.getProperty("question." + code, code)))
                    .collect(Collectors.joining("; ")) + ".";
        }
        if (status == RequestStatus.MATCHED && detail.contains(" in ")) {
            return text + " " + texts.getProperty("matched.where", "Where:") + " "
                    + detail.substring(detail.indexOf(" in ") + 4) + ".";
        }
        String reason = texts.getProperty("reason." + detail.strip());
        return reason == null ? text : text + " " + reason;
    }
}

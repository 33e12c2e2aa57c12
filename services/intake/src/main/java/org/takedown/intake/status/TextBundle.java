package org.takedown.intake.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The claimant texts of one language: statuses, reason codes, statement elements, page and mail wording, and how
 * dates are written. A text this language lacks comes from English; a key no file has shows as itself, so a gap
 * is visible instead of breaking a page.
 */
public final class TextBundle {

    private final Locale locale;
    private final Properties texts;
    private final Map<String, String> all;
    private final DateTimeFormatter day;
    private final DateTimeFormatter moment;

    TextBundle(Locale locale, Properties texts) {
        this.locale = locale;
        this.texts = texts;
        Map<String, String> merged = new HashMap<>();
        texts.stringPropertyNames().forEach(key -> merged.put(key, texts.getProperty(key)));
        this.all = Collections.unmodifiableMap(merged);
        this.day = DateTimeFormatter.ofPattern(text("format.day"), locale).withZone(ZoneOffset.UTC);
        this.moment = DateTimeFormatter.ofPattern(text("format.moment"), locale).withZone(ZoneOffset.UTC);
    }

    public Locale locale() {
        return locale;
    }

    /** The language tag, as in {@code <html lang>} and the stored request. */
    public String tag() {
        return locale.toLanguageTag();
    }

    /** Every text by key, for templates ({@code {t['form.title']}}); a key no file has fails the rendering. */
    public Map<String, String> asMap() {
        return all;
    }

    /** Any text by its key; the key itself when the text is missing. */
    public String text(String key) {
        return texts.getProperty(key, key);
    }

    /** A text with its {@code {0}}, {@code {1}}… filled in. */
    public String text(String key, Object... values) {
        String text = text(key);
        for (int i = 0; i < values.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(values[i]));
        }
        return text;
    }

    /** A text if this language or English has it. */
    public boolean has(String key) {
        return texts.getProperty(key) != null;
    }

    /** A date as people of this language write it ({@code 8 December 2026}, {@code 8. Dezember 2026}). */
    public String day(Instant at) {
        return day.format(at);
    }

    /** A moment, to the minute, in UTC. */
    public String moment(Instant at) {
        return moment.format(at);
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
        return text(("note." + note), (Object[]) detail.split(",", -1));
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
            return text + " " + text("matched.where") + " " + detail.substring(detail.indexOf(" in ") + 4) + ".";
        }
        String reason = texts.getProperty("reason." + detail.strip());
        return reason == null ? text : text + " " + reason;
    }
}

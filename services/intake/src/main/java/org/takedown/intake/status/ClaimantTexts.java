package org.takedown.intake.status;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.takedown.events.MatchesFound;
import org.takedown.intake.request.TakedownRequest;

/**
 * Everything a claimant reads, in their language (ADR 023): one file per language,
 * {@code claimant-texts.properties} (English, the default and the fallback for a missing text) and
 * {@code claimant-texts_<language>.properties} beside it. A language is offered as soon as its file is on the
 * class path; nothing else names it.
 */
@ApplicationScoped
public class ClaimantTexts {

    public static final Locale DEFAULT = Locale.ENGLISH;
    private static final String BASE = "/claimant-texts";

    private final Map<String, TextBundle> bundles;

    public ClaimantTexts() {
        Properties english = load(BASE + ".properties", null)
                .orElseThrow(() -> new IllegalStateException("claimant-texts.properties is missing from intake"));
        Map<String, TextBundle> found = new LinkedHashMap<>();
        found.put(DEFAULT.getLanguage(), new TextBundle(DEFAULT, english));
        for (String language : Locale.getISOLanguages()) {
            if (!language.equals(DEFAULT.getLanguage())) {
                load(BASE + "_" + language + ".properties", english)
                        .ifPresent(texts -> found.put(language, new TextBundle(Locale.forLanguageTag(language), texts)));
            }
        }
        bundles = Collections.unmodifiableMap(found);
    }

    /** The languages offered, the default first. */
    public List<TextBundle> languages() {
        return new ArrayList<>(bundles.values());
    }

    /** The texts of a language we have, else the default's. */
    public TextBundle in(Locale locale) {
        return locale == null ? bundles.get(DEFAULT.getLanguage())
                : bundles.getOrDefault(locale.getLanguage(), bundles.get(DEFAULT.getLanguage()));
    }

    /** The texts in the language the claimant filed the request in (mails are written long after the request). */
    public TextBundle of(TakedownRequest request) {
        return in(request.language == null ? DEFAULT : Locale.forLanguageTag(request.language));
    }

    /** A language tag we offer ({@code de}, {@code de-AT} → de), if we offer it. */
    public Optional<Locale> supported(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return Optional.empty();
        }
        String language = Locale.forLanguageTag(tag.strip()).getLanguage();
        return bundles.containsKey(language) ? Optional.of(bundles.get(language).locale()) : Optional.empty();
    }

    /**
     * The best language we offer for an {@code Accept-Language} header (RFC 9110 §12.5.4, weights honoured), or the
     * default when it names none of ours or cannot be read.
     */
    public Locale choose(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 1_000) {
            return DEFAULT;
        }
        try {
            List<Locale.LanguageRange> wanted = Locale.LanguageRange.parse(acceptLanguage);
            List<String> offered = new ArrayList<>(bundles.keySet());
            // Each range is matched on its language alone: "de-CH" is served by the German file.
            List<Locale.LanguageRange> byLanguage = wanted.stream().map(range -> new Locale.LanguageRange(
                    range.getRange().equals("*") ? "*" : range.getRange().split("-")[0], range.getWeight())).toList();
            String tag = Locale.lookupTag(byLanguage, offered);
            return tag == null ? DEFAULT : bundles.get(tag).locale();
        } catch (IllegalArgumentException unreadable) {
            return DEFAULT;
        }
    }

    /**
     * The detail of MATCHED: how many candidates, and in which data set releases
     * ({@code "3 in demo-a 2026-11, demo-b 2026-12"}); public data set names only, the same in every language.
     */
    public static String matchedDetail(MatchesFound matches) {
        String releases = matches.candidates().stream()
                .map(c -> c.datasetIn(matches) + " " + c.releaseIn(matches))
                .distinct().sorted().collect(Collectors.joining(", "));
        return releases.isEmpty() ? String.valueOf(matches.totalCandidates()) : matches.totalCandidates() + " in " + releases;
    }

    private static Optional<Properties> load(String resource, Properties defaults) {
        try (InputStream in = ClaimantTexts.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties texts = new Properties(defaults);
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return Optional.of(texts);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}

package org.takedown.intake.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every language says everything English says, with the same placeholders, and nothing English does not know. */
class ClaimantLanguagesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[A-Za-z0-9]+}|%s");
    private static final Pattern TEMPLATE_KEY = Pattern.compile("\\bt\\['([^']+)']");

    private final ClaimantTexts texts = new ClaimantTexts();

    @Test
    void germanIsOfferedBesideTheDefault() {
        assertEquals(Set.of("en", "de"), Set.copyOf(texts.languages().stream().map(TextBundle::tag).toList()));
    }

    @ParameterizedTest
    @ValueSource(strings = "de")
    void everyEnglishKeyHasATranslationAndViceVersa(String language) throws IOException {
        Properties english = load("/claimant-texts.properties");
        Properties other = load("/claimant-texts_" + language + ".properties");

        Set<String> untranslated = new TreeSet<>(english.stringPropertyNames());
        untranslated.removeAll(other.stringPropertyNames());
        Set<String> unknown = new TreeSet<>(other.stringPropertyNames());
        unknown.removeAll(english.stringPropertyNames());

        assertTrue(untranslated.isEmpty(), language + " lacks " + untranslated);
        assertTrue(unknown.isEmpty(), language + " has keys English does not: " + unknown);
    }

    @ParameterizedTest
    @ValueSource(strings = "de")
    void translationsKeepThePlaceholders(String language) throws IOException {
        Properties english = load("/claimant-texts.properties");
        Properties other = load("/claimant-texts_" + language + ".properties");
        for (String key : english.stringPropertyNames()) {
            assertEquals(placeholders(english.getProperty(key)), placeholders(other.getProperty(key, "")),
                    language + ": " + key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = "de")
    void translationsAreNotEnglishLeftOver(String language) throws IOException {
        Properties english = load("/claimant-texts.properties");
        Properties other = load("/claimant-texts_" + language + ".properties");
        Set<String> same = new TreeSet<>();
        for (String key : english.stringPropertyNames()) {
            String text = english.getProperty(key);
            // Words that are the same in both (a heading "Website:", a date pattern) are short.
            if (text.length() > 20 && text.equals(other.getProperty(key))) {
                same.add(key);
            }
        }
        assertTrue(same.isEmpty(), language + " still has English for " + same);
    }

    /** Template keys are not checked when Quarkus builds (the templates take the texts as a map): here they are. */
    @Test
    void everyKeyATemplateUsesExists() throws IOException {
        Properties english = load("/claimant-texts.properties");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> templates = Files.walk(Path.of("src/main/resources/templates/claimant"))) {
            for (Path template : templates.filter(Files::isRegularFile).toList()) {
                Matcher key = TEMPLATE_KEY.matcher(Files.readString(template));
                while (key.find()) {
                    if (!english.containsKey(key.group(1))) {
                        missing.add(template.getFileName() + ": " + key.group(1));
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "no text for " + missing);
    }

    @Test
    void acceptLanguageChoosesTheBestLanguageWeHave() {
        assertEquals("de", texts.choose("de-DE,de;q=0.9,en;q=0.8").getLanguage());
        assertEquals("de", texts.choose("fr-CH, fr;q=0.9, de;q=0.7, *;q=0.5").getLanguage());
        assertEquals("en", texts.choose("en-GB;q=0.9, de;q=0.8").getLanguage());
        assertEquals("en", texts.choose("fr, es;q=0.5").getLanguage(), "none of ours: the default");
        assertEquals("en", texts.choose(null).getLanguage());
        assertEquals("en", texts.choose("de;q=nonsense").getLanguage(), "an unreadable header: the default");
    }

    @Test
    void aMissingLanguageFallsBackToEnglish() {
        assertEquals(texts.in(Locale.ENGLISH).text("form.title"), texts.in(Locale.FRENCH).text("form.title"));
        assertFalse(texts.supported("fr").isPresent());
        assertEquals("de", texts.supported("de-AT").orElseThrow().getLanguage());
    }

    @Test
    void datesAreWrittenAsTheLanguageWritesThem() {
        java.time.Instant at = java.time.Instant.parse("2026-12-08T10:15:00Z");
        assertEquals("8 December 2026", texts.in(Locale.ENGLISH).day(at));
        assertEquals("8. Dezember 2026", texts.in(Locale.GERMAN).day(at));
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ClaimantLanguagesTest.class.getResourceAsStream(resource)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}

package org.takedown.intake.web;

import io.quarkus.qute.TemplateData;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.takedown.intake.status.ClaimantTexts;
import org.takedown.intake.status.TextBundle;

/**
 * Which language a claimant page is shown in (ADR 023): the one chosen with the switch on the page
 * ({@code ?lang=de}, then remembered in a cookie), else the browser's {@code Accept-Language}, else English.
 * The switch is a plain link, so it needs no script and no form (the CSP and the CSRF guard stay as they are).
 */
@ApplicationScoped
public class PageLanguage {

    static final String PARAMETER = "lang";
    static final String COOKIE = "takedown-lang";

    /** One entry of the switch: the language in its own words, and the link that chooses it. */
    @TemplateData
    public record Choice(String tag, String name, String href, boolean current) {
    }

    private final ClaimantTexts texts;

    PageLanguage(ClaimantTexts texts) {
        this.texts = texts;
    }

    /** The texts to show this request's page in. */
    public TextBundle of(HttpServerRequest request) {
        Optional<Locale> chosen = texts.supported(request.getParam(PARAMETER));
        if (chosen.isEmpty()) {
            Cookie cookie = request.getCookie(COOKIE);
            chosen = texts.supported(cookie == null ? null : cookie.getValue());
        }
        return texts.in(chosen.orElseGet(() -> texts.choose(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE))));
    }

    /** The cookie that remembers a language chosen with the switch on this request, if one was. */
    public Optional<NewCookie> remembered(HttpServerRequest request) {
        return texts.supported(request.getParam(PARAMETER)).map(locale -> new NewCookie.Builder(COOKIE)
                .value(locale.toLanguageTag()).path("/").maxAge(365 * 24 * 3600).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build());
    }

    /**
     * The switch: every language but as a link to this page in it. A page shown in answer to a form (a POST) links
     * to the page the claimant can open again: the status page of its request, or the form.
     */
    public List<Choice> choices(HttpServerRequest request, TextBundle current) {
        String path = request.path();
        String page = request.method() == HttpMethod.GET ? path : path.replaceFirst("^(/(status|confirm)/[^/]+).*$", "$1");
        String query = request.method() == HttpMethod.GET ? otherParameters(request) : "";
        List<Choice> choices = new ArrayList<>();
        for (TextBundle language : texts.languages()) {
            String href = page + "?" + query + PARAMETER + "=" + language.tag();
            choices.add(new Choice(language.tag(), language.text("language.name"), href,
                    language.tag().equals(current.tag())));
        }
        return choices;
    }

    /** The query of a GET page without its language (a confirmation link keeps its code). */
    private static String otherParameters(HttpServerRequest request) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> parameter : request.params()) {
            if (!PARAMETER.equals(parameter.getKey())) {
                query.append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8)).append('&');
            }
        }
        return query.toString();
    }
}

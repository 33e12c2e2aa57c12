package org.takedown.propagation.outbound;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.takedown.web.outbound.AddressRules;

/**
 * The one way out for webhook HTTP. Resolves the target's host and refuses loopback, private,
 * link-local (cloud metadata), multicast and unspecified addresses unless configuration allows
 * them; never follows redirects (a 3xx is just a failed delivery); never reads the answer's body
 * (a hostile receiver could send gigabytes); times out connecting and waiting for the answer.
 *
 * <p>The address is checked right before each request, so an endpoint whose DNS name later moves
 * to a refused address is caught at delivery, not only at registration. A DNS answer that changes
 * between this check and the JDK's own lookup is not caught: pinning the address would need a
 * custom resolver, which {@link HttpClient} does not offer.
 */
@ApplicationScoped
public class OutboundGuard {

    /** What came back: the status and the {@code Retry-After} header, nothing else. */
    public record Answer(int status, Optional<String> retryAfter) {
    }

    private final AddressRules rules;
    private final OutboundConfig config;
    private final HttpClient http;

    OutboundGuard(OutboundConfig config) {
        this.config = config;
        this.rules = new AddressRules(config.allowLoopback(), config.allowPrivate());
        this.http = HttpClient.newBuilder()
                // The client's own completions (nothing here blocks) run on its selector thread instead of being handed
                // to a pool first: the caller of send() is woken directly, two thread hand-offs fewer per delivery.
                .executor(Runnable::run)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Checks a URL by the rules, resolving its host.
     *
     * @throws OutboundRefusedException when the URL is malformed or reaches a refused address
     * @throws UnknownHostException when its host does not resolve (now)
     */
    public URI check(String url) throws OutboundRefusedException, UnknownHostException {
        URI uri = parse(url);
        for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
            Optional<String> refusal = rules.refusal(address);
            if (refusal.isPresent()) {
                throw new OutboundRefusedException("refused " + uri.getHost() + ": " + refusal.get());
            }
        }
        return uri;
    }

    /** POSTs a JSON body with the given headers to a URL that passes {@link #check}. */
    public Answer postJson(String url, Map<String, String> headers, String body) throws OutboundRefusedException, IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(check(url))
                .timeout(config.readTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream answer = response.body()) {
            if (response.statusCode() == 204 || response.headers().firstValueAsLong("Content-Length").orElse(-1) == 0) {
                // No body: the stream is at its end at once, and reading that end gives the connection back to the
                // pool (keep-alive) instead of closing it.
                answer.read();
            }
            // Otherwise closing the unread stream drops the connection instead of draining whatever the receiver sends.
        }
        return new Answer(response.statusCode(), response.headers().firstValue("Retry-After"));
    }

    private static URI parse(String url) throws OutboundRefusedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new OutboundRefusedException("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new OutboundRefusedException("only http and https URLs are allowed");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new OutboundRefusedException("the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new OutboundRefusedException("credentials in the URL are not allowed");
        }
        return uri;
    }
}

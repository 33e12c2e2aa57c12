package org.takedown.propagation.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.takedown.propagation.notice.PropagationConfig;

/**
 * Posts notices to vendor endpoints. Only a 2xx answer counts as delivered; redirects are not
 * followed. Signing and the outbound address guard come with the propagation issue.
 */
@ApplicationScoped
public class WebhookClient {

    private final HttpClient http;
    private final Duration timeout;

    WebhookClient(PropagationConfig config) {
        this.timeout = config.deliveryTimeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @return null when delivered, otherwise why not */
    public String post(String url, String webhookId, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("webhook-id", webhookId)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            // The answer's body is not ours to read: a vendor could send gigabytes.
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}

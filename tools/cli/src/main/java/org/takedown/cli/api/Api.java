package org.takedown.cli.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.takedown.cli.CliException;
import org.takedown.cli.CliSettings;

/**
 * Calls the services' REST APIs with the operator's bearer token. Every answer outside 2xx becomes a
 * {@link CliException} that repeats the service's problem+json (RFC 9457: title, detail, each invalid field) and adds
 * what to do next for the statuses an operator meets: 401 log in again, 403 the role is missing.
 */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliSettings settings;
    private final Http http;
    private final Supplier<String> token;

    /** {@code token}: the access token for each call (refreshed as needed), or {@code null} for public calls only. */
    public Api(CliSettings settings, Http http, Supplier<String> token) {
        this.settings = settings;
        this.http = http;
        this.token = token;
    }

    public JsonNode get(String service, String path) {
        return json(send(service, "GET", path, null, "application/json"));
    }

    public JsonNode put(String service, String path, Object body) {
        return json(send(service, "PUT", path, body, "application/json"));
    }

    public JsonNode post(String service, String path, Object body) {
        return json(send(service, "POST", path, body, "application/json"));
    }

    public JsonNode patch(String service, String path, Object body) {
        return json(send(service, "PATCH", path, body, "application/json"));
    }

    public JsonNode delete(String service, String path) {
        return json(send(service, "DELETE", path, null, "application/json"));
    }

    /** A call whose 404 the caller handles itself (e.g. "not there yet"). */
    public Optional<HttpResponse<byte[]>> getRaw(String service, String path, String accept) {
        HttpResponse<byte[]> response = exchange(service, "GET", path, null, accept);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        check(service, "GET", path, response);
        return Optional.of(response);
    }

    private HttpResponse<byte[]> send(String service, String method, String path, Object body, String accept) {
        HttpResponse<byte[]> response = exchange(service, method, path, body, accept);
        check(service, method, path, response);
        return response;
    }

    private HttpResponse<byte[]> exchange(String service, String method, String path, Object body, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.serviceUrl(service) + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", accept + ", application/problem+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token.get());
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return http.send(request.build(), service, service + "-url");
    }

    private static void check(String service, String method, String path, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String problem = describeProblem(response.body());
        String what = service + " answered " + status + " to " + method + " " + path + (problem.isEmpty() ? "" : ": " + problem);
        throw switch (status) {
            case 401 -> new CliException(CliException.NOT_LOGGED_IN, what + ". Your login is not accepted: run `takedown login`.");
            case 403 -> new CliException(what + ". Your account lacks the role for this (most operations need `admin`): "
                    + "`takedown whoami` shows your roles.");
            case 502, 503, 504 -> new CliException(CliException.UNREACHABLE, what + ". The service is not ready: try again shortly, "
                    + "or check its /q/health/ready.");
            default -> new CliException(what);
        };
    }

    /** The problem's title, detail and field errors in one line (empty if the body is not problem+json). */
    static String describeProblem(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode problem = JSON.readTree(body);
            if (!problem.isObject()) {
                return "";
            }
            StringBuilder text = new StringBuilder();
            String type = problem.path("type").asText("");
            if (!type.isEmpty() && !"about:blank".equals(type)) {
                text.append(type.substring(type.lastIndexOf('/') + 1)).append(" — ");
            }
            text.append(problem.path("detail").asText(problem.path("title").asText("")));
            for (JsonNode error : problem.path("errors")) {
                String field = error.path("field").asText("");
                String message = error.path("message").asText("");
                if (!text.toString().contains(message)) {
                    text.append("; ").append(field).append(": ").append(message);
                }
            }
            return text.toString().trim();
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        if (response.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException("the answer to " + response.request().method() + " " + response.uri() + " is not JSON");
        }
    }
}

package org.takedown.matching.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code datasets MATCHING_URL list | show DATASET | register DATASET NAME [contact=…] [home=…] [licence=…] |
 * add-release DATASET RELEASE | activate DATASET RELEASE | retire DATASET RELEASE}: the data set registry from a
 * shell (an ingestion Job, an operator), through matching's API. Changes need an admin's bearer token in the
 * environment variable {@code TAKEDOWN_ADMIN_TOKEN}; listing needs none. Prints the service's JSON answer; exit
 * status 0 on 2xx, 1 when the service refused (its problem+json on stderr), 2 on a usage error.
 */
public final class DatasetCommand {

    static final String TOKEN_VARIABLE = "TAKEDOWN_ADMIN_TOKEN";
    private static final String USAGE = "usage: datasets MATCHING_URL list | show DATASET | register DATASET NAME "
            + "[contact=…] [home=URL] [licence=URL] | add-release DATASET RELEASE | activate DATASET RELEASE | retire DATASET RELEASE";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(TOKEN_VARIABLE), System.out, System.err));
    }

    static int run(String[] args, String token, PrintStream out, PrintStream err) {
        if (args.length < 3 || !"datasets".equals(args[0])) {
            return usage(err);
        }
        String base = args[1];
        List<String> rest = Arrays.asList(args).subList(3, args.length);
        return switch (args[2]) {
            case "list" -> rest.isEmpty() ? send(base, "GET", "/api/v1/datasets", null, token, out, err) : usage(err);
            case "show" -> rest.size() == 1 ? send(base, "GET", "/api/v1/datasets/" + rest.get(0), null, token, out, err) : usage(err);
            case "register" -> rest.size() >= 2 ? register(base, rest, token, out, err) : usage(err);
            case "add-release" -> rest.size() == 2
                    ? send(base, "PUT", "/api/v1/datasets/" + rest.get(0) + "/releases/" + rest.get(1), null, token, out, err)
                    : usage(err);
            case "activate" -> rest.size() == 2
                    ? send(base, "POST", "/api/v1/datasets/" + rest.get(0) + "/releases/" + rest.get(1) + "/activation", null,
                    token, out, err)
                    : usage(err);
            case "retire" -> rest.size() == 2
                    ? send(base, "POST", "/api/v1/datasets/" + rest.get(0) + "/releases/" + rest.get(1) + "/retirement", null,
                    token, out, err)
                    : usage(err);
            default -> usage(err);
        };
    }

    private static int register(String base, List<String> rest, String token, PrintStream out, PrintStream err) {
        ObjectNode body = JSON.createObjectNode().put("name", rest.get(1));
        Map<String, String> fields = Map.of("contact", "maintainerContact", "home", "homeUrl", "licence", "licenceUrl");
        for (String option : rest.subList(2, rest.size())) {
            int eq = option.indexOf('=');
            String field = eq < 0 ? null : fields.get(option.substring(0, eq));
            if (field == null) {
                return usage(err);
            }
            body.put(field, option.substring(eq + 1));
        }
        return send(base, "PUT", "/api/v1/datasets/" + rest.get(0), body.toString(), token, out, err);
    }

    private static int usage(PrintStream err) {
        err.println(USAGE);
        return 2;
    }

    private static int send(String base, String method, String path, String body, String token, PrintStream out,
                            PrintStream err) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + path)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
        } catch (IllegalArgumentException e) {
            err.println("not a URL: " + base + path);
            return 2;
        }
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.strip());
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                out.println(response.body());
                return 0;
            }
            err.println(method + " " + path + ": " + response.statusCode() + " " + response.body());
            return 1;
        } catch (IOException e) {
            err.println(method + " " + path + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}

package org.takedown.cli.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.takedown.cli.CliException;

/** One HTTP client for the whole run; turns "cannot connect" into an error that names the setting to check. */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * Sends a request; {@code what} names the server, {@code setting} the setting that holds its address, for the
     * error message (e.g. {@code "matching"}, {@code "matching-url"}).
     */
    public HttpResponse<byte[]> send(HttpRequest request, String what, String setting) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(request, what, setting);
        } catch (HttpTimeoutException e) {
            throw new CliException(CliException.UNREACHABLE, what + " at " + request.uri() + " did not answer in time; try again, "
                    + "or check the service's health at /q/health/ready");
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw unreachable(request, what, setting);
            }
            throw new CliException(CliException.UNREACHABLE, "talking to " + what + " at " + request.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** {@code application/x-www-form-urlencoded} body. */
    public static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static CliException unreachable(HttpRequest request, String what, String setting) {
        return new CliException(CliException.UNREACHABLE, "cannot reach " + what + " at " + request.uri().getScheme() + "://"
                + request.uri().getAuthority() + ": is it running? Its address is the setting " + setting + " (environment "
                + "variable TAKEDOWN_" + setting.toUpperCase().replace('-', '_') + " or config.properties; `takedown config` "
                + "shows what is used)");
    }
}

package org.takedown.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Spawning's {@code datadiligence} package (rules/spawning.py, {@code SpawningAPI._submit_chunk}) puts on the
 * wire, byte for byte, over a plain socket: {@code requests.post(url, data="\n".join(urls), headers={User-Agent,
 * Content-Type: text/plain, Authorization: "API " + key})}. A {@code str} body goes out in ISO-8859-1 (Python's
 * http.client), after requests' default headers, in requests' order. The answer is read as the package reads it:
 * anything but 200 is a failure, then {@code response.json().get("urls", [])}; {@code is_allowed} pairs the entries
 * with the URLs by position ({@code not optOut}), {@code filter_allowed} keeps the {@code url} of each entry with
 * {@code optOut} false.
 */
final class SpawningClient {

    /** requests' default User-Agent ({@code requests.utils.default_user_agent()}). */
    static final String USER_AGENT = "python-requests/2.32.3";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Status line code, headers (names lower-cased) and body of one answer. */
    record Answer(int status, Map<String, String> headers, byte[] body) {

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        /** {@code response.json().get("urls", [])}, after the package's check that the status is 200. */
        List<JsonNode> urls() throws IOException {
            if (status != 200) {
                throw new IllegalStateException("Spawning AI API returned a non-200 status code: " + status);
            }
            List<JsonNode> urls = new ArrayList<>();
            json().path("urls").forEach(urls::add);
            return urls;
        }

        /** {@code is_allowed}: {@code not optOut} of each entry, in order. */
        List<Boolean> allowed() throws IOException {
            return urls().stream().map(u -> !u.get("optOut").asBoolean()).toList();
        }

        /** {@code filter_allowed}: the {@code url} of every entry not opted out. */
        List<String> filterAllowed() throws IOException {
            return urls().stream().filter(u -> !u.get("optOut").asBoolean()).map(u -> u.get("url").asText()).toList();
        }
    }

    private SpawningClient() {
    }

    /** One chunk, as {@code _submit_chunk(urls)} sends it, to {@code path} on 127.0.0.1:{@code port}. */
    static Answer submitChunk(int port, String path, String apiKey, List<String> urls) throws IOException {
        return post(port, path, apiKey, String.join("\n", urls).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The same request with any body. */
    static Answer post(int port, String path, String apiKey, byte[] body) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "User-Agent: " + USER_AGENT + "\r\n"
                + "Accept-Encoding: gzip, deflate\r\n"
                + "Accept: */*\r\n"
                + "Connection: keep-alive\r\n"
                + "Content-Type: text/plain\r\n"
                + "Authorization: API " + apiKey + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; size = Integer.parseInt(line(in).strip(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Answer(status, headers, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the middle of the answer");
            }
            line.write(c);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}

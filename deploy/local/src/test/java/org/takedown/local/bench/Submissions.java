package org.takedown.local.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** Requests to intake's filing API as the benchmarks send them. */
final class Submissions {

    private Submissions() {
    }

    /** {@code POST /api/v1/requests} as multipart: part {@code request} (the JSON) and one evidence JPEG in {@code images}. */
    static HttpRequest withImage(String intake, String json, byte[] jpeg, String idempotencyKey) {
        String boundary = "bench-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"request\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + json + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"me.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jpeg);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(intake + "/api/v1/requests")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }
}

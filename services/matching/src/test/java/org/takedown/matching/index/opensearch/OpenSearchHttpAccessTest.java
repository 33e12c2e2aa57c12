package org.takedown.matching.index.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secured cluster as the OpenSearch operator runs it: HTTPS with a certificate of the cluster's own CA, and a user
 * per client. Stood in for by the JDK's HTTPS server with a certificate made by keytool.
 */
class OpenSearchHttpAccessTest {

    @TempDir
    static Path dir;

    static HttpsServer server;
    static Path ca;
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startHttpsServer() throws Exception {
        Path keyStore = dir.resolve("node.p12");
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=takedown-search",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        ca = dir.resolve("ca.crt");
        keytool("-exportcert", "-rfc", "-alias", "node", "-keystore", keyStore.toString(), "-storepass", "changeit",
                "-file", ca.toString());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            try (exchange) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                AUTHORIZATIONS.add(String.valueOf(authorization));
                byte[] body = (authorization == null ? "{\"error\":{\"type\":\"security_exception\",\"reason\":\"missing credentials\"}}"
                        : "{\"cluster_name\":\"takedown-search\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(authorization == null ? 401 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
    }

    private static String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void aUserOfItsOwnOverHttpsTrustingTheClustersCa() {
        OpenSearchHttp http = new OpenSearchHttp(List.of(url()), new ObjectMapper(), new OpenSearchHttp.Access(
                Optional.of("takedown-matching"), Optional.of("s3cret:with colon"), Optional.of(ca.toString())));
        int before = AUTHORIZATIONS.size();
        assertEquals("takedown-search", http.send("GET", "", null).path("cluster_name").asText());
        assertTrue(http.exists("takedown-x"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("takedown-matching:s3cret:with colon"
                .getBytes(StandardCharsets.UTF_8)), AUTHORIZATIONS.get(before));
        assertEquals(AUTHORIZATIONS.get(before), AUTHORIZATIONS.get(before + 1), "HEAD carries the user too");
    }

    @Test
    void withoutTheClustersCaTheCertificateIsRefused() {
        OpenSearchHttp http = new OpenSearchHttp(List.of(url()), new ObjectMapper(), new OpenSearchHttp.Access(
                Optional.of("takedown-matching"), Optional.of("s3cret"), Optional.empty()));
        UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> http.send("GET", "", null));
        assertTrue(refused.getCause() instanceof javax.net.ssl.SSLHandshakeException, String.valueOf(refused.getCause()));
    }

    @Test
    void withoutAUserTheClustersRefusalIsAnOpenSearchError() {
        OpenSearchHttp http = new OpenSearchHttp(List.of(url()), new ObjectMapper(), new OpenSearchHttp.Access(
                Optional.empty(), Optional.empty(), Optional.of(ca.toString())));
        OpenSearchHttp.OpenSearchException refused = assertThrows(OpenSearchHttp.OpenSearchException.class,
                () -> http.send("GET", "", null));
        assertEquals(401, refused.status());
        assertTrue(refused.getMessage().contains("security_exception"), refused.getMessage());
    }

    @Test
    void badAccessSettingsAreRefusedWithWhatToDo() throws IOException {
        Path notPem = Files.writeString(dir.resolve("empty.pem"), "");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new OpenSearchHttp(List.of(url()),
                new ObjectMapper(), new OpenSearchHttp.Access(Optional.empty(), Optional.empty(), Optional.of(notPem.toString()))));
        assertTrue(empty.getMessage().contains("PEM file of the cluster's CA"), empty.getMessage());
        assertThrows(UncheckedIOException.class, () -> new OpenSearchHttp(List.of(url()), new ObjectMapper(),
                new OpenSearchHttp.Access(Optional.empty(), Optional.empty(), Optional.of(dir.resolve("missing.pem").toString()))));
        assertThrows(IllegalArgumentException.class, () -> new OpenSearchHttp.Access(Optional.of("takedown-matching"),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void theCommandLineToolsReadTheServicesEnvironmentVariables() {
        OpenSearchHttp.Access access = OpenSearchHttp.Access.fromEnvironment(Map.of(
                "TAKEDOWN_MATCHING_OPENSEARCH_USERNAME", "takedown-matching",
                "TAKEDOWN_MATCHING_OPENSEARCH_PASSWORD", "s3cret",
                "TAKEDOWN_MATCHING_OPENSEARCH_CA_CERTIFICATE", "/etc/takedown/opensearch-ca/ca.crt"));
        assertEquals(new OpenSearchHttp.Access(Optional.of("takedown-matching"), Optional.of("s3cret"),
                Optional.of("/etc/takedown/opensearch-ca/ca.crt")), access);
        assertEquals(OpenSearchHttp.Access.NONE, OpenSearchHttp.Access.fromEnvironment(Map.of("TAKEDOWN_MATCHING_OPENSEARCH_USERNAME", " ")));
        assertTrue(!access.toString().contains("s3cret"), "the password is never printed: " + access);
    }
}

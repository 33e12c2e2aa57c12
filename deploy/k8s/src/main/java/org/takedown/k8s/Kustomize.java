package org.takedown.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a kustomization with the real kustomize, the one built into {@code kubectl}
 * ({@code kubectl kustomize <dir>}, what {@code kubectl apply -k} applies). The command is
 * {@code kubectl} on the PATH, or the one named by the system property {@code takedown.kubectl}.
 * Kustomize must be v5 or later: older ones (Debian bookworm's {@code kubernetes-client} 1.20 ships
 * kustomize v2) do not know the {@code patches} field k8s/ uses.
 */
public final class Kustomize {

    static final int MINIMUM_KUSTOMIZE_MAJOR = 5;
    private static final Pattern VERSION = Pattern.compile("Kustomize Version: v(\\d+)\\.(\\d+)\\.(\\d+)");
    private static volatile String checkedVersion;

    private Kustomize() {
    }

    static String kubectl() {
        return System.getProperty("takedown.kubectl", "kubectl");
    }

    /** The kustomize version inside kubectl, e.g. {@code 5.5.0}; fails when kubectl is missing or its kustomize too old. */
    public static String version() {
        String version = checkedVersion;
        if (version == null) {
            Result result = run(List.of(kubectl(), "version", "--client"), null);
            Matcher matcher = VERSION.matcher(result.out());
            if (result.exit() != 0 || !matcher.find()) {
                throw new ManifestException("cannot read kustomize's version from `" + kubectl() + " version --client`: "
                        + result.out() + result.err());
            }
            if (Integer.parseInt(matcher.group(1)) < MINIMUM_KUSTOMIZE_MAJOR) {
                throw new ManifestException("kubectl's kustomize " + matcher.group() + " is older than v" + MINIMUM_KUSTOMIZE_MAJOR
                        + " (install a current kubectl: .ci/run does)");
            }
            version = matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3);
            checkedVersion = version;
        }
        return version;
    }

    /** The objects {@code kubectl kustomize directory} renders, in its output order. */
    public static List<ObjectNode> build(Path directory) {
        version();
        Result result = run(List.of(kubectl(), "kustomize", directory.toAbsolutePath().toString()), directory);
        if (result.exit() != 0) {
            throw new ManifestException(result.err().isBlank() ? "exit " + result.exit() : result.err().strip());
        }
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(result.out())) {
            for (var it = Yaml.MAPPER.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode document = it.next();
                if (document instanceof ObjectNode object) {
                    objects.add(object);
                } else if (document != null && !document.isNull() && !document.isMissingNode()) {
                    throw new ManifestException("kustomize rendered a document that is not an object: " + document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command, Path directory) {
        try {
            Path out = Files.createTempFile("kustomize", ".out");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                if (directory != null) {
                    builder.directory(directory.toFile());
                }
                Process process;
                try {
                    process = builder.start();
                } catch (IOException e) {
                    throw new ManifestException("cannot run " + command.get(0) + " (the k8s checks need kubectl with kustomize v"
                            + MINIMUM_KUSTOMIZE_MAJOR + "+: apt-get install kubectl, as .ci/run does): " + e.getMessage(), e);
                }
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new ManifestException(String.join(" ", command) + " did not finish within 120 s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManifestException("interrupted while running " + command.get(0), e);
        }
    }

    /** The image reference without tag or digest (a port in the registry host is not a tag). */
    static String imageName(String image) {
        int at = image.indexOf('@');
        String withoutDigest = at >= 0 ? image.substring(0, at) : image;
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    /** kustomize's resource id: apiVersion, kind, namespace and name. */
    public static String id(JsonNode object) {
        String namespace = object.path("metadata").path("namespace").asText("");
        return object.path("apiVersion").asText() + " " + object.path("kind").asText() + " "
                + (namespace.isEmpty() ? "" : namespace + "/") + object.path("metadata").path("name").asText();
    }

    /** Objects by kind and name, for look-ups in cross checks. */
    public static Map<String, ObjectNode> byKindAndName(List<ObjectNode> objects) {
        Map<String, ObjectNode> index = new LinkedHashMap<>();
        for (ObjectNode object : objects) {
            index.put(object.path("kind").asText() + "/" + object.path("metadata").path("name").asText(), object);
        }
        return index;
    }
}

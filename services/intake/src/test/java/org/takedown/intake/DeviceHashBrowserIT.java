package org.takedown.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.takedown.pdq.PdqHash;
import org.takedown.testing.HeadlessChromium;
import org.takedown.testing.RealInfrastructureResource;

/**
 * "Hash on my device" (issue 20, ADR 021) in a real headless Chromium with scripts on: the page decodes the chosen
 * images with a canvas and hashes them with shared/pdq compiled to JavaScript. Its hashes of Meta's reference images
 * (../shared/testdata/pdq) must be the reference's — exactly for PNGs, within 10 bits for JPEGs (decoders differ,
 * as between the reference's own implementations) — and a request filed that way must leave no image bytes anywhere.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
class DeviceHashBrowserIT {

    /** The reference's tolerance between JPEG decoders (shared/testdata/README.md). */
    private static final int JPEG_MAX_BITS = 10;
    /** JPEGs the reference rates below quality 50 (nearly flat): their hashes are not for matching anyway. */
    private static final int LOW_QUALITY_MAX_BITS = 31;

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @TestHTTPResource("/")
    URL base;

    @Inject
    EntityManager entityManager;

    private BrowserContext context;
    private Page page;

    @BeforeEach
    void openPageWithScripts() {
        context = chromium.newContextWithJavaScript();
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    private record Reference(String file, Path path, PdqHash hash, int quality, String source) {
        boolean png() {
            return file.endsWith(".png");
        }

        /**
         * PNGs stated by python-threatexchange's tests, grey + alpha and 16-bit grey: the reference
         * hash there is of PIL's conversion of those modes (alpha dropped, 16 bits clipped), not of PDQ, and the
         * test data's README warns that implementations convert them differently.
         */
        boolean pilConversion() {
            return png() && source.contains("python-threatexchange");
        }
    }

    @Test
    void thePageHashesTheReferenceImagesAsTheReferenceDoes() {
        List<Reference> references = references();
        assertTrue(references.stream().anyMatch(r -> r.png() && !r.pilConversion()), "the reference set has PNGs");
        page.navigate(url("submit"));
        page.getByLabel("Hash on my device — the image is not uploaded").check();
        page.getByLabel("Images of yours (optional)")
                .setInputFiles(references.stream().map(Reference::path).toArray(Path[]::new));
        List<String> lines = hashesOnThePage(references.size());
        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < references.size(); i++) {
            Reference reference = references.get(i);
            String[] parts = lines.get(i).split(" ");
            int bits = PdqHash.parse(parts[0]).hamming(reference.hash());
            report.append(reference.file()).append(": ").append(bits).append(" bits, quality ").append(parts[1])
                    .append(" (reference ").append(reference.quality()).append(")\n");
            boolean ok = reference.pilConversion() || (reference.png() ? bits == 0
                    : bits <= (reference.quality() < 50 ? LOW_QUALITY_MAX_BITS : JPEG_MAX_BITS));
            if (!ok) {
                failures.add(reference.file() + " " + bits + " bits");
            }
        }
        System.out.println("Device hashes against the reference:\n" + report);
        assertTrue(failures.isEmpty(), "off the reference: " + failures + "\n" + report);
    }

    @Test
    void aRequestHashedOnTheDeviceSendsAndStoresNoImageBytes() throws IOException {
        Reference pen = references().stream().filter(r -> r.file().equals("pen-and-coaster.png")).findFirst().orElseThrow();
        byte[] image = Files.readAllBytes(pen.path());
        Instant started = Instant.now();
        List<byte[]> bodies = new ArrayList<>();
        page.onRequest(request -> collectBody(request, bodies));

        page.navigate(url("submit"));
        page.getByLabel("Kind of request").selectOption(new SelectOption().setValue("GDPR_ERASURE"));
        page.getByLabel("Your e-mail address").fill("device-hash@example.org");
        page.getByLabel("Hash on my device — the image is not uploaded").check();
        page.getByLabel("Images of yours (optional)").setInputFiles(pen.path());
        String line = hashesOnThePage(1).get(0);
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("device-hash-form.png"))
                .setFullPage(true));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send my request")).click();
        assertEquals("We have your request", page.locator("h1").textContent(), page.content());
        UUID id = UUID.fromString(page.locator("#request-id").textContent().strip());

        assertEquals(pen.hash().toHex() + " 100", line);
        assertFalse(bodies.isEmpty(), "the submission was seen");
        for (byte[] body : bodies) {
            assertFalse(PdqReferenceData.contains(body, Arrays.copyOfRange(image, 0, 4096)), "a request carried the image's bytes");
        }
        assertEquals(0L, count("SELECT count(*) FROM intake.evidence_image WHERE request_id = :id", id));
        assertEquals(1L, count("SELECT count(*) FROM intake.evidence_hash WHERE request_id = :id AND pdq = '"
                + pen.hash().toHex() + "' AND quality = 100", id));
        List<Path> copies = filesHolding(image, started);
        assertTrue(copies.isEmpty(), "the image's bytes were written to " + copies);
    }

    private List<String> hashesOnThePage(int expected) {
        page.waitForFunction("n => document.getElementById('evidence-hashes').value.split('\\n').filter(Boolean).length === n",
                expected, new Page.WaitForFunctionOptions().setTimeout(120_000));
        return List.of(page.inputValue("#evidence-hashes").split("\n"));
    }

    private static void collectBody(Request request, List<byte[]> bodies) {
        if ("POST".equals(request.method()) && request.postDataBuffer() != null) {
            bodies.add(request.postDataBuffer());
        }
    }

    private long count(String sql, UUID id) {
        return ((Number) entityManager.createNativeQuery(sql).setParameter("id", id).getSingleResult()).longValue();
    }

    /** Files written since {@code since} in the upload directory and the temporary directory that hold the image. */
    private static List<Path> filesHolding(byte[] image, Instant since) throws IOException {
        byte[] probe = Arrays.copyOfRange(image, 0, 4096);
        List<Path> roots = new ArrayList<>(List.of(Path.of(System.getProperty("java.io.tmpdir")), Path.of("target")));
        ConfigProvider.getConfig().getOptionalValue("quarkus.http.body.uploads-directory", String.class)
                .map(Path::of).ifPresent(roots::add);
        List<Path> holding = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).filter(f -> newerThan(f, since)).filter(f -> holds(f, probe))
                        .forEach(holding::add);
            } catch (UncheckedIOException e) {
                // another process's temporary files come and go while we walk; they are not ours
            }
        }
        return holding;
    }

    private static boolean newerThan(Path file, Instant since) {
        try {
            return Files.getLastModifiedTime(file).compareTo(FileTime.from(since)) >= 0 && Files.size(file) < (64 << 20);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean holds(Path file, byte[] probe) {
        try {
            return PdqReferenceData.contains(Files.readAllBytes(file), probe);
        } catch (IOException e) {
            return false;
        }
    }


    /** The reference rows whose image is in the shared test data. */
    private static List<Reference> references() {
        Path dir = PdqReferenceData.dir();
        try {
            List<Reference> references = new ArrayList<>();
            for (String row : Files.readAllLines(dir.resolve("reference-hashes.tsv"))) {
                String[] cells = row.split("\t");
                if (cells[0].equals("file") || !Files.isRegularFile(dir.resolve("images").resolve(cells[0]))) {
                    continue;
                }
                references.add(new Reference(cells[0].substring(cells[0].lastIndexOf('/') + 1),
                        dir.resolve("images").resolve(cells[0]), PdqHash.parse(cells[1]), Integer.parseInt(cells[2]),
                        cells.length > 3 ? cells[3] : ""));
            }
            return references;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    private String url(String path) {
        return base.toString() + path;
    }
}

package org.takedown.review.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CaseEvidenceTest {

    @Test
    void theConsoleServesEachImageAsWhatItIs() throws IOException {
        assertEquals("image/jpeg", CaseEvidence.mediaType(encode("jpg")));
        assertEquals("image/png", CaseEvidence.mediaType(encode("png")));
        byte[] webp = "RIFF\u0000\u0000\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("image/webp", CaseEvidence.mediaType(webp));
    }

    @Test
    void anythingElseIsNotNamedAnImage() {
        assertEquals("application/octet-stream", CaseEvidence.mediaType("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals("application/octet-stream", CaseEvidence.mediaType(new byte[0]));
        assertEquals("application/octet-stream", CaseEvidence.mediaType("RIFF1234WAVE".getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] encode(String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), format, out);
        return out.toByteArray();
    }
}

package org.takedown.intake.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Checks an upload's container structure without decoding a single pixel, reads its dimensions from
 * the header, and strips its metadata losslessly at byte level: the compressed pixel data is copied as
 * it came, only metadata segments and chunks are left behind.
 *
 * <ul>
 * <li>JPEG: SOI, a walk over every marker segment (lengths within the file), exactly one SOFn with sane
 * dimensions and 1–4 components before the first SOS, entropy-coded data that ends in a marker, EOI at
 * the end (anything after EOI is dropped). Kept: DQT, DHT, DAC, DRI, SOFn, SOS and its data, DNL, and the
 * APPn segments a decoder needs — JFIF (APP0), ICC profile (APP2), Adobe (APP14). Dropped: Exif and XMP
 * (APP1), IPTC (APP13), comments (COM), every other APPn.</li>
 * <li>PNG: signature, IHDR first (13 bytes, valid bit depth and colour type), every chunk's length and
 * CRC, no unknown critical chunk, PLTE where the colour type needs it, consecutive IDAT, IEND last.
 * Kept: the critical chunks and rendering ones (tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, bKGD, pHYs, cICP).
 * Dropped: text (tEXt, zTXt, iTXt), eXIf, tIME and everything else ancillary.</li>
 * <li>WebP: RIFF/WEBP, every chunk's size within the RIFF size, a VP8 (key frame start code), VP8L
 * (signature) or VP8X (canvas) header with dimensions, image data present. Dropped: EXIF and XMP chunks
 * and unknown chunks; the VP8X flags for EXIF and XMP are cleared and the RIFF size written anew.</li>
 * </ul>
 * Whether the pixels really decode is proven later, off the request path, by {@link EvidenceCheck}.
 */
public final class ImageStructure {

    /** The upload's structure is wrong; {@link #truncated} when it simply stops too early. */
    public static final class Malformed extends Exception {

        private final boolean truncated;

        Malformed(boolean truncated, String message) {
            super(message, null, false, false);
            this.truncated = truncated;
        }

        public boolean truncated() {
            return truncated;
        }
    }

    /** Dimensions from the header and the file without its metadata. */
    public record Stripped(int width, int height, byte[] bytes) {
    }

    private ImageStructure() {
    }

    public static Stripped strip(ImageType type, byte[] bytes) throws Malformed {
        return switch (type) {
            case JPEG -> jpeg(bytes);
            case PNG -> png(bytes);
            case WEBP -> webp(bytes);
        };
    }

    // ---------------------------------------------------------------- JPEG

    private static Stripped jpeg(byte[] b) throws Malformed {
        int n = b.length;
        if (n < 2 || u8(b, 0) != 0xFF || u8(b, 1) != 0xD8) {
            throw malformed("does not start like a JPEG");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        out.write(0xFF);
        out.write(0xD8);
        int pos = 2;
        int width = 0;
        int height = 0;
        boolean frame = false;
        boolean scan = false;
        while (true) {
            if (pos >= n) {
                throw truncated("ends before its end-of-image marker");
            }
            if (u8(b, pos) != 0xFF) {
                throw malformed("has stray bytes where a marker belongs");
            }
            while (pos < n && u8(b, pos) == 0xFF) {
                pos++; // fill bytes before a marker
            }
            if (pos >= n) {
                throw truncated("ends before its end-of-image marker");
            }
            int marker = u8(b, pos++);
            if (marker == 0xD9) {
                if (!scan) {
                    throw malformed("has no image data");
                }
                out.write(0xFF);
                out.write(0xD9);
                return new Stripped(width, height, out.toByteArray());
            }
            if (marker == 0x00 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                throw malformed("has a misplaced marker");
            }
            if (pos + 2 > n) {
                throw truncated("is cut off in a segment header");
            }
            int length = u16be(b, pos);
            if (length < 2) {
                throw malformed("has a segment with an impossible length");
            }
            int segmentStart = pos - 2;
            int end = pos + length;
            if (end > n) {
                throw truncated("is cut off inside a segment");
            }
            boolean keep;
            if (isSof(marker)) {
                if (frame) {
                    throw malformed("has more than one frame header");
                }
                if (length < 8) {
                    throw malformed("has a short frame header");
                }
                int components = u8(b, pos + 7);
                height = u16be(b, pos + 3);
                width = u16be(b, pos + 5);
                if (components < 1 || components > 4 || length != 8 + 3 * components) {
                    throw malformed("has a frame header with an impossible component count");
                }
                if (width == 0 || height == 0) {
                    throw malformed("declares no pixels");
                }
                frame = true;
                keep = true;
            } else if (marker == 0xDA) {
                if (!frame) {
                    throw malformed("has image data before its frame header");
                }
                int components = length >= 3 ? u8(b, pos + 2) : 0;
                if (components < 1 || components > 4 || length != 6 + 2 * components) {
                    throw malformed("has a scan header with an impossible component count");
                }
                scan = true;
                int data = end;
                int next = entropyEnd(b, data);
                out.write(b, segmentStart, next - segmentStart);
                pos = next;
                continue;
            } else if (marker >= 0xE0 && marker <= 0xEF) {
                keep = keptAppSegment(b, marker, pos + 2, end);
            } else if (marker == 0xFE) {
                keep = false; // comment
            } else {
                // DQT, DHT, DAC, DRI, DNL, EXP, … : decoding tables and parameters, no metadata
                keep = marker == 0xDB || marker == 0xC4 || marker == 0xCC || marker == 0xDD || marker == 0xDC
                        || marker == 0xDF;
                if (!keep && (marker & 0xF0) != 0xF0) {
                    throw malformed("has an unknown marker");
                }
            }
            if (keep) {
                out.write(b, segmentStart, end - segmentStart);
            }
            pos = end;
        }
    }

    /** The offset of the marker that ends the entropy-coded data starting at {@code from}. */
    private static int entropyEnd(byte[] b, int from) throws Malformed {
        int n = b.length;
        int i = from;
        while (i < n) {
            if (b[i] != (byte) 0xFF) {
                i++;
                continue;
            }
            if (i + 1 >= n) {
                break;
            }
            int next = u8(b, i + 1);
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                i += 2; // stuffed zero or restart marker: still entropy-coded data
            } else if (next == 0xFF) {
                i++; // fill byte
            } else {
                return i;
            }
        }
        throw truncated("is cut off inside its image data");
    }

    private static boolean isSof(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean keptAppSegment(byte[] b, int marker, int from, int end) {
        return switch (marker) {
            case 0xE0 -> startsWith(b, from, end, "JFIF\0");
            case 0xE2 -> startsWith(b, from, end, "ICC_PROFILE\0");
            case 0xEE -> startsWith(b, from, end, "Adobe");
            default -> false;
        };
    }

    // ---------------------------------------------------------------- PNG

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Set<String> PNG_CRITICAL = Set.of("IHDR", "PLTE", "IDAT", "IEND");
    private static final Set<String> PNG_KEPT_ANCILLARY = Set.of("tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD",
            "pHYs", "cICP");

    private static Stripped png(byte[] b) throws Malformed {
        int n = b.length;
        if (n < 8 || !startsWith(b, 0, n, PNG_SIGNATURE)) {
            throw malformed("does not start like a PNG");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        out.write(b, 0, 8);
        int pos = 8;
        int width = 0;
        int height = 0;
        int colourType = -1;
        boolean palette = false;
        int idatState = 0; // 0 none yet, 1 in the IDAT run, 2 after it
        CRC32 crc = new CRC32();
        boolean first = true;
        while (true) {
            if (pos + 8 > n) {
                throw truncated("ends before its IEND chunk");
            }
            long length = u32be(b, pos);
            if (length > Integer.MAX_VALUE) {
                throw malformed("has a chunk with an impossible length");
            }
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (!type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                throw malformed("has a chunk with an invalid type");
            }
            long end = pos + 12L + length;
            if (end > n) {
                throw truncated("is cut off inside its " + type + " chunk");
            }
            crc.reset();
            crc.update(b, pos + 4, 4 + (int) length);
            if (crc.getValue() != u32be(b, (int) (end - 4))) {
                throw malformed("has a damaged " + type + " chunk (checksum mismatch)");
            }
            int data = pos + 8;
            if (first != type.equals("IHDR")) {
                throw malformed("does not start with its IHDR header");
            }
            first = false;
            switch (type) {
                case "IHDR" -> {
                    if (length != 13) {
                        throw malformed("has an IHDR header of the wrong size");
                    }
                    width = (int) Math.min(Integer.MAX_VALUE, u32be(b, data));
                    height = (int) Math.min(Integer.MAX_VALUE, u32be(b, data + 4));
                    int depth = u8(b, data + 8);
                    colourType = u8(b, data + 9);
                    if (width == 0 || height == 0 || !validPngDepth(colourType, depth) || u8(b, data + 10) != 0
                            || u8(b, data + 11) != 0 || u8(b, data + 12) > 1) {
                        throw malformed("has an invalid IHDR header");
                    }
                }
                case "PLTE" -> palette = true;
                case "IDAT" -> {
                    if (idatState == 2) {
                        throw malformed("has IDAT chunks that are not consecutive");
                    }
                    idatState = 1;
                }
                default -> {
                    if (idatState == 1) {
                        idatState = 2;
                    }
                    if (Character.isUpperCase(type.charAt(0)) && !PNG_CRITICAL.contains(type)) {
                        throw malformed("has an unknown critical chunk " + type);
                    }
                }
            }
            if (type.equals("IHDR") && pos != 8) {
                throw malformed("has a second IHDR header");
            }
            if (PNG_CRITICAL.contains(type) || PNG_KEPT_ANCILLARY.contains(type)) {
                out.write(b, pos, (int) (end - pos));
            }
            if (type.equals("IEND")) {
                if (idatState == 0) {
                    throw malformed("has no image data");
                }
                if (colourType == 3 && !palette) {
                    throw malformed("has no palette");
                }
                return new Stripped(width, height, out.toByteArray()); // anything after IEND is dropped
            }
            pos = (int) end;
        }
    }

    private static boolean validPngDepth(int colourType, int depth) {
        return switch (colourType) {
            case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            case 2, 4, 6 -> depth == 8 || depth == 16;
            default -> false;
        };
    }

    // ---------------------------------------------------------------- WebP

    private static final Set<String> WEBP_KEPT = Set.of("VP8 ", "VP8L", "VP8X", "ALPH", "ICCP", "ANIM", "ANMF");

    private static Stripped webp(byte[] b) throws Malformed {
        int n = b.length;
        if (n < 12 || !startsWith(b, 0, n, "RIFF") || !startsWith(b, 8, n, "WEBP")) {
            throw malformed("does not start like a WebP");
        }
        long riffEnd = 8 + u32le(b, 4);
        if (riffEnd > n) {
            throw truncated("is shorter than its RIFF header says");
        }
        if (riffEnd < 12 + 8) {
            throw malformed("has no chunks");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        out.write(b, 0, 12);
        int pos = 12;
        int width = 0;
        int height = 0;
        boolean image = false;
        int vp8xAt = -1;
        boolean first = true;
        while (pos < riffEnd) {
            if (pos + 8 > riffEnd) {
                throw truncated("is cut off in a chunk header");
            }
            String type = new String(b, pos, 4, StandardCharsets.ISO_8859_1);
            long size = u32le(b, pos + 4);
            long end = pos + 8 + size + (size & 1);
            if (pos + 8 + size > riffEnd) {
                throw truncated("is cut off inside its " + type.strip() + " chunk");
            }
            end = Math.min(end, riffEnd);
            int data = pos + 8;
            switch (type) {
                case "VP8 " -> {
                    if (size < 10 || (u8(b, data) & 1) != 0 || u8(b, data + 3) != 0x9D || u8(b, data + 4) != 0x01
                            || u8(b, data + 5) != 0x2A) {
                        throw malformed("has an invalid VP8 header");
                    }
                    if (first) {
                        width = u16le(b, data + 6) & 0x3FFF;
                        height = u16le(b, data + 8) & 0x3FFF;
                    }
                    image = true;
                }
                case "VP8L" -> {
                    if (size < 5 || u8(b, data) != 0x2F) {
                        throw malformed("has an invalid VP8L header");
                    }
                    long bits = u32le(b, data + 1);
                    if (first) {
                        width = (int) (bits & 0x3FFF) + 1;
                        height = (int) ((bits >> 14) & 0x3FFF) + 1;
                    }
                    image = true;
                }
                case "VP8X" -> {
                    if (!first || size < 10) {
                        throw malformed("has a misplaced or short VP8X header");
                    }
                    width = u24le(b, data + 4) + 1;
                    height = u24le(b, data + 7) + 1;
                    vp8xAt = out.size();
                }
                case "ANMF" -> {
                    if (size < 16) {
                        throw malformed("has a short animation frame");
                    }
                    image = true;
                }
                default -> {
                    if (first) {
                        throw malformed("does not start with an image header");
                    }
                }
            }
            first = false;
            if (WEBP_KEPT.contains(type)) {
                out.write(b, pos, (int) (end - pos));
                if (size % 2 == 1 && end - pos < 8 + size + 1) {
                    out.write(0); // the pad byte the writer left out at the very end
                }
            }
            pos = (int) end;
        }
        if (!image) {
            throw malformed("has no image data");
        }
        if (width == 0 || height == 0) {
            throw malformed("declares no pixels");
        }
        byte[] stripped = out.toByteArray();
        if (vp8xAt >= 0) {
            stripped[vp8xAt + 8] &= (byte) ~0x0C; // EXIF and XMP flags: those chunks are gone
        }
        int riffSize = stripped.length - 8;
        stripped[4] = (byte) riffSize;
        stripped[5] = (byte) (riffSize >>> 8);
        stripped[6] = (byte) (riffSize >>> 16);
        stripped[7] = (byte) (riffSize >>> 24);
        return new Stripped(width, height, stripped);
    }

    // ---------------------------------------------------------------- bytes

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16be(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static long u32be(byte[] b, int i) {
        return (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | (b[i + 3] & 0xFFL);
    }

    private static int u16le(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int u24le(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
    }

    private static long u32le(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }

    private static boolean startsWith(byte[] b, int from, int end, String prefix) {
        return startsWith(b, from, end, prefix.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean startsWith(byte[] b, int from, int end, byte[] prefix) {
        if (from + prefix.length > end) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Malformed malformed(String message) {
        return new Malformed(false, message);
    }

    private static Malformed truncated(String message) {
        return new Malformed(true, message);
    }
}

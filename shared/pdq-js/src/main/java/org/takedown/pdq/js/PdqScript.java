package org.takedown.pdq.js;

import org.takedown.pdq.PdqHasher;
import org.takedown.pdq.PdqResult;
import org.teavm.jso.JSExport;
import org.teavm.jso.typedarrays.Uint8ClampedArray;

/**
 * The browser's door to {@link PdqHasher}: TeaVM compiles this class and what it reaches into the ES module
 * {@code /js/pdq.js}, whose export {@code pdqHash(rgba, width, height)} takes a canvas's {@code ImageData.data}
 * and answers {@code "<64 hex digits> <quality>"}.
 *
 * <p>It exists so that a claimant's image never has to leave the device (issue 20) and so that the hash the page
 * sends is the very hash matching computes, not a port that drifts: the page only decodes (the canvas) and packs
 * pixels; every arithmetic step is the shared Java code.
 */
public final class PdqScript {

    private static final PdqHasher HASHER = new PdqHasher();

    private PdqScript() {
    }

    /** Hashes RGBA bytes in row-major order (the canvas layout); alpha is ignored, as in {@link PdqHasher#hashRgb}. */
    @JSExport
    public static String pdqHash(Uint8ClampedArray rgba, int width, int height) {
        if (width <= 0 || height <= 0 || rgba.getLength() < 4 * width * height) {
            throw new IllegalArgumentException("expected " + width + "x" + height + " RGBA pixels");
        }
        int[] rgb = new int[width * height];
        for (int i = 0, j = 0; i < rgb.length; i++, j += 4) {
            rgb[i] = rgba.get(j) << 16 | rgba.get(j + 1) << 8 | rgba.get(j + 2);
        }
        PdqResult result = HASHER.hashRgb(rgb, width, height);
        return result.hash().toHex() + " " + result.quality();
    }
}

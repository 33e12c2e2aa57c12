package org.takedown.matching.hash;

/** An input that cannot be hashed, with the reason a client (or the CLI's user) can act on. */
public class ImageRejectedException extends Exception {

    public enum Reason {
        /** Zero bytes. */
        EMPTY,
        /** More bytes than the configured limit. */
        TOO_LARGE,
        /** Not a raster format we decode (including SVG and HTML), whatever its name says. */
        UNSUPPORTED_TYPE,
        /** A known format whose data is truncated or corrupt. */
        DAMAGED,
        /** The header declares more pixels than the configured cap: a likely decompression bomb. */
        TOO_MANY_PIXELS
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

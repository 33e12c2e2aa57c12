package org.takedown.matching.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} file of a 2-D float16 or float32 matrix in C order (how clip-retrieval
 * writes LAION's {@code img_emb/img_emb_N.npy}): one embedding per row, read row by row.
 */
public final class NpyFile implements Closeable {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,?\\s*\\)");

    private final Path file;
    private final FileChannel channel;
    private final long dataOffset;
    private final long rows;
    private final int dims;
    private final int bytesPerValue;
    private final ByteOrder order;
    private final ByteBuffer row;

    private NpyFile(Path file, FileChannel channel, long dataOffset, long rows, int dims, int bytesPerValue, ByteOrder order) {
        this.file = file;
        this.channel = channel;
        this.dataOffset = dataOffset;
        this.rows = rows;
        this.dims = dims;
        this.bytesPerValue = bytesPerValue;
        this.order = order;
        this.row = ByteBuffer.allocate(dims * bytesPerValue).order(order);
    }

    /**
     * Opens and checks the header.
     *
     * @throws IllegalArgumentException naming the file when it is not a 2-D float16/float32 C-order array
     *                                  or is shorter than its header says
     */
    public static NpyFile open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(head, 0);
            head.flip();
            for (byte b : MAGIC) {
                if (head.remaining() == 0 || head.get() != b) {
                    throw new IllegalArgumentException(file.getFileName() + ": not a .npy file (no NUMPY magic)");
                }
            }
            if (head.remaining() < 4) {
                throw new IllegalArgumentException(file.getFileName() + ": truncated .npy header");
            }
            int major = head.get() & 0xFF;
            head.get();
            long headerLength;
            long headerStart;
            if (major == 1) {
                headerLength = head.getShort() & 0xFFFF;
                headerStart = 10;
            } else {
                headerLength = head.getInt() & 0xFFFFFFFFL;
                headerStart = 12;
            }
            if (headerLength > 1 << 20) {
                throw new IllegalArgumentException(file.getFileName() + ": .npy header of " + headerLength + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            channel.read(header, headerStart);
            String dict = new String(header.array(), 0, header.position(), StandardCharsets.ISO_8859_1);
            Matcher descr = DESCR.matcher(dict);
            Matcher fortran = FORTRAN.matcher(dict);
            Matcher shape = SHAPE.matcher(dict);
            if (!descr.find() || !shape.find() || !fortran.find()) {
                throw new IllegalArgumentException(file.getFileName() + ": .npy header is not a 2-D array: " + dict.strip());
            }
            int size = Integer.parseInt(descr.group(3));
            if (!descr.group(2).equals("f") || (size != 2 && size != 4)) {
                throw new IllegalArgumentException(file.getFileName() + ": embeddings must be float16 or float32, not '"
                        + descr.group(1) + descr.group(2) + descr.group(3) + "'");
            }
            if (fortran.group(1).equals("True")) {
                throw new IllegalArgumentException(file.getFileName() + ": Fortran-order arrays are not supported");
            }
            long rows = Long.parseLong(shape.group(1));
            int dims = Integer.parseInt(shape.group(2));
            long dataOffset = headerStart + headerLength;
            long needed = dataOffset + rows * dims * size;
            if (channel.size() < needed) {
                throw new IllegalArgumentException(file.getFileName() + ": has " + channel.size() + " bytes but its shape ("
                        + rows + ", " + dims + ") needs " + needed);
            }
            ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            return new NpyFile(file, channel, dataOffset, rows, dims, size, order);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public long rows() {
        return rows;
    }

    public int dims() {
        return dims;
    }

    /** "float16" or "float32". */
    public String dtype() {
        return bytesPerValue == 2 ? "float16" : "float32";
    }

    /** Row {@code i} as floats. */
    public float[] row(long i) throws IOException {
        if (i < 0 || i >= rows) {
            throw new IndexOutOfBoundsException(file.getFileName() + " has " + rows + " rows, asked for " + i);
        }
        row.clear();
        long position = dataOffset + i * dims * bytesPerValue;
        while (row.hasRemaining()) {
            if (channel.read(row, position + row.position()) < 0) {
                throw new IOException(file.getFileName() + ": ends inside row " + i);
            }
        }
        row.flip();
        float[] out = new float[dims];
        for (int d = 0; d < dims; d++) {
            out[d] = bytesPerValue == 4 ? row.getFloat() : halfToFloat(row.getShort());
        }
        return out;
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal: value = mantissa * 2^-24.
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package org.takedown.matching.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.takedown.matching.hash.ImageHashing;
import org.takedown.matching.hash.ImageRejectedException;

/**
 * {@code hash FILE}: prints the same JSON as {@code POST /api/v1/hashes}. Exit status 0 on
 * success, 1 when the image is refused (reason on stderr), 2 on a usage error.
 */
public final class HashCommand {

    static final long MAX_BYTES = 256L * 1024 * 1024;
    static final long MAX_PIXELS = 100_000_000L;

    private HashCommand() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !"hash".equals(args[0])) {
            err.println("usage: hash FILE");
            return 2;
        }
        Path file = Path.of(args[1]);
        try {
            ImageHashing hashing = new ImageHashing(MAX_BYTES, MAX_PIXELS);
            hashing.checkSize(Files.size(file));
            out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(hashing.hash(Files.readAllBytes(file))));
            return 0;
        } catch (ImageRejectedException e) {
            err.println(file + ": " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            err.println(file + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println(file + ": cannot read: " + e.getMessage());
            return 2;
        }
    }
}

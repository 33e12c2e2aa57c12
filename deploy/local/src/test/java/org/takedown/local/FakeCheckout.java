package org.takedown.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A repository layout whose five "services" are {@link FakeService}, to test the stack without building the real ones. */
final class FakeCheckout {

    private FakeCheckout() {
    }

    static Path create(Path root) throws IOException {
        for (String service : LocalStack.SERVICES) {
            Path jar = root.resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
            Files.createDirectories(jar.getParent());
            writeJar(jar);
        }
        return root;
    }

    private static void writeJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String classFile = FakeService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream bytes = FakeService.class.getClassLoader().getResourceAsStream(classFile)) {
            out.putNextEntry(new JarEntry(classFile));
            bytes.transferTo(out);
            out.closeEntry();
        }
    }
}

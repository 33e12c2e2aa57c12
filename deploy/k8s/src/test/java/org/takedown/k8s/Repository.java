package org.takedown.k8s;

import java.nio.file.Path;

/** The repository under test: set by the build (surefire), falling back to the working directory's ../.. . */
final class Repository {

    private Repository() {
    }

    static Path root() {
        return Path.of(System.getProperty("takedown.repository.root", "../..")).toAbsolutePath().normalize();
    }

    static Project project() {
        return new Project(root());
    }
}

package org.takedown.k8s;

/** A manifest that cannot be rendered at all (unreadable file, unsupported kustomize feature, failed patch). */
public class ManifestException extends RuntimeException {

    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.perch.model;

/**
 * A model artifact directory that cannot be used: a missing or unreadable manifest, a feature
 * contract this build does not speak, a dimension mismatch, a damaged or altered file.
 */
public class InvalidArtifactException extends Exception {
    public InvalidArtifactException(String message) {
        super(message);
    }

    public InvalidArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.perch.featurestore;

import java.nio.file.Path;

/**
 * The feature store cannot be opened or used: a directory that is not a Perch feature store, a
 * corrupt one, a format from another build, or a RocksDB failure. The message names the directory.
 */
public final class FeatureStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FeatureStoreException(Path directory, String problem) {
        this(directory, problem, null);
    }

    public FeatureStoreException(Path directory, String problem, Throwable cause) {
        super("Feature store " + directory + ": " + problem, cause);
    }
}

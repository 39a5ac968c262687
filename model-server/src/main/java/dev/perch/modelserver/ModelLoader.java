package dev.perch.modelserver;

import dev.perch.model.InvalidArtifactException;
import java.nio.file.Path;

/**
 * Turns one model artifact directory into a model (ranker, and sequence model when it has one)
 * ready to serve (with its embeddings loaded where candidates are searched). The production loader
 * is {@link ArtifactModelLoader}.
 */
@FunctionalInterface
public interface ModelLoader {
    /**
     * Loads and validates the artifact in {@code dir}.
     *
     * @throws InvalidArtifactException when the artifact is missing, corrupt or unusable
     */
    ServedModel load(Path dir) throws InvalidArtifactException;
}

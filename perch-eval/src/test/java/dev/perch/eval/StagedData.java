package dev.perch.eval;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the staged datasets through the {@code perch.datasets.dir} system property. */
final class StagedData {
    private StagedData() {}

    /** The staged file {@code relative}; the test is skipped, saying why, when it is absent. */
    static Path require(String relative) {
        String dir = System.getProperty("perch.datasets.dir");
        assumeTrue(dir != null, "perch.datasets.dir is not set: skipping the real-data test");
        Path path = Path.of(dir).resolve(relative);
        assumeTrue(Files.exists(path), "staged dataset absent, skipping: " + path);
        return path;
    }
}

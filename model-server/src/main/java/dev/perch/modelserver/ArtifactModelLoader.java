package dev.perch.modelserver;

import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.FeatureMatrix;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.featurestore.FeatureStore;
import dev.perch.model.DjlScorer;
import dev.perch.model.InvalidArtifactException;
import dev.perch.model.ModelArtifact;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a perch-model artifact: checks it ({@link ModelArtifact#load}), loads its ranker on the
 * configured device, scores a probe batch, and only then replaces the feature store's embeddings.
 */
public final class ArtifactModelLoader implements ModelLoader {
    private final FeatureStore store;
    private final String device;

    public ArtifactModelLoader(FeatureStore store, String device) {
        this.store = store;
        this.device = device;
    }

    @Override
    public CandidateScorer load(Path dir) throws InvalidArtifactException {
        ModelArtifact artifact = ModelArtifact.load(dir);
        DjlScorer scorer = DjlScorer.load(artifact, device);
        try {
            probe(scorer);
            store.loadEmbeddings(artifact.embeddingsFile());
            return scorer;
        } catch (InvalidArtifactException | IOException | RuntimeException e) {
            scorer.close();
            if (e instanceof InvalidArtifactException invalid) {
                throw invalid;
            }
            throw new InvalidArtifactException(
                    "model " + artifact.version() + " cannot serve: " + e.getMessage(), e);
        }
    }

    /** Scores two rows of zeros: the scorer must answer two finite numbers. */
    static void probe(CandidateScorer scorer) throws InvalidArtifactException {
        float[] scores =
                scorer.score(
                        new FeatureMatrix(
                                new float[2 * RankingFeatures.COUNT], 2, RankingFeatures.COUNT));
        if (scores.length != 2 || !Float.isFinite(scores[0]) || !Float.isFinite(scores[1])) {
            throw new InvalidArtifactException(
                    "model " + scorer.version() + " gives no finite score for a probe batch");
        }
    }
}

package dev.perch.modelserver;

import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.FeatureMatrix;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.core.sequence.SequenceModel;
import dev.perch.core.sequence.UserEncoding;
import dev.perch.featurestore.FeatureStore;
import dev.perch.model.ArtifactRanker;
import dev.perch.model.InvalidArtifactException;
import dev.perch.model.ModelArtifact;
import dev.perch.model.sequence.DjlSequenceModel;
import dev.perch.model.sequence.SequenceArtifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a perch-model artifact: checks it ({@link ModelArtifact#load}), loads its ranker of
 * whichever kind ({@link ArtifactRanker}) on the configured device, scores a probe batch, and only
 * then replaces the feature store's embeddings.
 */
public final class ArtifactModelLoader implements ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactModelLoader.class);

    private final FeatureStore store;
    private final String device;

    public ArtifactModelLoader(FeatureStore store, String device) {
        this.store = store;
        this.device = device;
    }

    @Override
    public ServedModel load(Path dir) throws InvalidArtifactException {
        ModelArtifact artifact = ModelArtifact.load(dir);
        CandidateScorer scorer = ArtifactRanker.load(artifact, device);
        DjlSequenceModel sequence = null;
        try {
            probe(scorer);
            Optional<SequenceArtifact> sequenceArtifact = artifact.sequence();
            if (sequenceArtifact.isPresent()) {
                sequence = DjlSequenceModel.load(sequenceArtifact.get(), device);
                probe(sequence);
            }
            long embeddings = artifact.loadEmbeddings(store);
            LOG.info(
                    "Loaded {} embeddings of {} from {}",
                    embeddings,
                    artifact.version(),
                    artifact.embeddingsFile());
            return new ServedModel(scorer, sequence);
        } catch (InvalidArtifactException | IOException | RuntimeException e) {
            ArtifactRanker.close(scorer);
            if (sequence != null) {
                sequence.close();
            }
            if (e instanceof InvalidArtifactException invalid) {
                throw invalid;
            }
            throw new InvalidArtifactException(
                    "model " + artifact.version() + " cannot serve: " + e.getMessage(), e);
        }
    }

    /**
     * Encodes a sequence of the model's own first item: the encoding must be of the model's version
     * and of finite numbers.
     */
    static void probe(SequenceModel sequence) throws InvalidArtifactException {
        if (sequence.items().size() == 0) {
            throw new InvalidArtifactException(
                    "sequence model " + sequence.version() + " knows no item");
        }
        String first = sequence.items().id(0);
        UserEncoding encoding = sequence.encode(List.of(List.of(first))).get(0);
        boolean finite = encoding.vector().length > 0;
        for (float v : encoding.vector()) {
            finite &= Float.isFinite(v);
        }
        if (!finite || !sequence.version().equals(encoding.version())) {
            throw new InvalidArtifactException(
                    "sequence model " + sequence.version() + " gives no finite encoding");
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

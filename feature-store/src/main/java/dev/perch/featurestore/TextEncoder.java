package dev.perch.featurestore;

import java.util.List;

/**
 * Turns item texts into unit-length vectors (a sentence encoder). The feature store's updater calls
 * it for each item whose text changed; the model server plugs in the DJL MiniLM encoder.
 */
public interface TextEncoder {
    /** Names the model and its pooling: a new version re-encodes every item. */
    String version();

    /** One unit-length vector per text, in order. */
    List<float[]> encode(List<String> texts);
}

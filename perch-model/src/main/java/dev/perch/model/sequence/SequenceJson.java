package dev.perch.model.sequence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON mapper of sequence.json (sorted map keys, so the same run writes the same bytes). */
final class SequenceJson {
    static final ObjectMapper MAPPER =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private SequenceJson() {}
}

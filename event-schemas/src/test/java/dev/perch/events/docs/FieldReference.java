package dev.perch.events.docs;

import dev.perch.events.ClickEventRules;
import dev.perch.events.schema.SchemaHistory;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/**
 * Renders the field reference and the fingerprint table of docs/events.md from the schemas, so the
 * document cannot drift from them.
 */
final class FieldReference {
    private static final Set<String> VALIDATED_RECORDS = Set.of("ClickEvent", "EventContext");

    private FieldReference() {}

    /** One section per named type: records with a field table, enums with their symbols. */
    static String fields(List<Class<? extends SpecificRecord>> types) {
        Set<Schema> named = new LinkedHashSet<>();
        Deque<Schema> queue = new ArrayDeque<>();
        types.forEach(t -> queue.add(SchemaHistory.currentSchema(t)));
        while (!queue.isEmpty()) {
            Schema schema = queue.poll();
            if (named.add(schema) && schema.getType() == Schema.Type.RECORD) {
                schema.getFields().forEach(f -> collectNamed(f.schema(), queue));
            }
        }
        StringBuilder out = new StringBuilder();
        for (Schema schema : named) {
            out.append("\n### ").append(schema.getName()).append("\n\n");
            out.append(escape(schema.getDoc())).append("\n\n");
            if (schema.getType() == Schema.Type.ENUM) {
                out.append("Symbols: ")
                        .append(
                                String.join(
                                        ", ",
                                        schema.getEnumSymbols().stream()
                                                .map(s -> "`" + s + "`")
                                                .toList()))
                        .append(".\n");
            } else {
                appendFieldTable(out, schema);
            }
        }
        return out.toString();
    }

    /** The header bytes that identify each current schema on the wire. */
    static String fingerprints(List<Class<? extends SpecificRecord>> types) {
        StringBuilder out =
                new StringBuilder(
                        "\n"
                                + "| Record | Version | Fingerprint (bytes 2-9 of each record, hex)"
                                + " |\n"
                                + "| --- | --- | --- |\n");
        for (Class<? extends SpecificRecord> type : types) {
            for (SchemaHistory.Version version : SchemaHistory.versions(type)) {
                long fp = SchemaNormalization.parsingFingerprint64(version.schema());
                StringBuilder hex = new StringBuilder();
                for (int i = 0; i < 8; i++) {
                    hex.append(String.format(Locale.ROOT, "%02X ", (fp >>> (8 * i)) & 0xFF));
                }
                out.append("| `")
                        .append(version.recordName())
                        .append("` | v")
                        .append(version.number())
                        .append(" | `")
                        .append(hex.toString().trim())
                        .append("` |\n");
            }
        }
        return out.toString();
    }

    private static void appendFieldTable(StringBuilder out, Schema record) {
        out.append("| Field | Type | Required | Meaning |\n| --- | --- | --- | --- |\n");
        for (Schema.Field field : record.getFields()) {
            String meaning = field.doc() == null ? "" : field.doc();
            String limit = ClickEventRules.FIELD_LIMITS.get(field.name());
            if (VALIDATED_RECORDS.contains(record.getName()) && limit != null) {
                meaning = meaning + " Limit: " + limit + ".";
            }
            out.append("| `")
                    .append(field.name())
                    .append("` | ")
                    .append(type(field.schema()))
                    .append(" | ")
                    .append(required(field))
                    .append(" | ")
                    .append(escape(meaning.trim()))
                    .append(" |\n");
        }
    }

    private static void collectNamed(Schema schema, Collection<Schema> queue) {
        switch (schema.getType()) {
            case RECORD, ENUM -> queue.add(schema);
            case ARRAY -> collectNamed(schema.getElementType(), queue);
            case MAP -> collectNamed(schema.getValueType(), queue);
            case UNION -> schema.getTypes().forEach(s -> collectNamed(s, queue));
            default -> {}
        }
    }

    private static String type(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null && logical.getName().equals("timestamp-millis")) {
            return "timestamp-millis (long, epoch ms UTC)";
        }
        return switch (schema.getType()) {
            case RECORD, ENUM ->
                    "["
                            + schema.getName()
                            + "](#"
                            + schema.getName().toLowerCase(Locale.ROOT)
                            + ")";
            case ARRAY -> "array of " + type(schema.getElementType());
            case MAP -> "map of string to " + type(schema.getValueType());
            case UNION ->
                    String.join(
                            " or ", schema.getTypes().stream().map(FieldReference::type).toList());
            default -> schema.getType().getName();
        };
    }

    private static String required(Schema.Field field) {
        if (!field.hasDefaultValue()) {
            return "yes";
        }
        Object value = field.defaultVal();
        String shown;
        if (value == JsonProperties.NULL_VALUE) {
            shown = "null";
        } else if (value instanceof Collection<?> c && c.isEmpty()) {
            shown = "[]";
        } else if (value instanceof Map<?, ?> m && m.isEmpty()) {
            shown = "{}";
        } else {
            shown = String.valueOf(value);
        }
        return "no (default `" + shown + "`)";
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}

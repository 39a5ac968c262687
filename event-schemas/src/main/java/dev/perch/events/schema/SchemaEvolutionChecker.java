package dev.perch.events.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks that a schema is FULL compatible with each earlier version: new readers read old records
 * (backward) and old readers read new records (forward). Adding or removing a field without a
 * default breaks one of the two directions, so both are reported.
 */
public final class SchemaEvolutionChecker {
    private SchemaEvolutionChecker() {}

    /** Which side could not read the other. */
    public enum Direction {
        /** The current schema cannot read records written with the old one. */
        BACKWARD,
        /** The old schema cannot read records written with the current one. */
        FORWARD
    }

    /** One reason why a change is not FULL compatible. */
    public record Problem(String against, Direction direction, String location, String message) {
        @Override
        public String toString() {
            return direction + " vs " + against + " at " + location + ": " + message;
        }
    }

    /** Every problem of {@code current} against each of the released versions; empty if none. */
    public static List<Problem> check(Schema current, List<SchemaHistory.Version> history) {
        List<Problem> problems = new ArrayList<>();
        for (SchemaHistory.Version version : history) {
            problems.addAll(
                    check(
                            current,
                            version.schema(),
                            version.recordName() + "/" + version.fileName()));
        }
        return problems;
    }

    /** Every problem of {@code current} against one earlier schema, labelled {@code against}. */
    public static List<Problem> check(Schema current, Schema previous, String against) {
        List<Problem> problems = new ArrayList<>();
        collect(against, Direction.BACKWARD, current, previous, problems);
        collect(against, Direction.FORWARD, previous, current, problems);
        return problems;
    }

    private static void collect(
            String against,
            Direction direction,
            Schema reader,
            Schema writer,
            List<Problem> problems) {
        SchemaPairCompatibility pair =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
            problems.add(
                    new Problem(
                            against,
                            direction,
                            incompatibility.getLocation(),
                            incompatibility.getType() + " " + incompatibility.getMessage()));
        }
    }
}

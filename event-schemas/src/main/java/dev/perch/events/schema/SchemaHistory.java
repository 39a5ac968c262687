package dev.perch.events.schema;

import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.Recommendations;
import dev.perch.events.TrendingItems;
import dev.perch.events.UserState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every released version of every top-level Perch schema, read from the class path ({@code
 * dev/perch/events/history/<RecordName>/v1.avsc}, {@code v2.avsc}, ...), oldest first. Decoders use
 * it to read records written by older producers; the evolution test checks it.
 */
public final class SchemaHistory {
    /** Where the versions live on the class path. */
    public static final String RESOURCE_ROOT = "dev/perch/events/history/";

    /** The records that travel on a topic, each with its own history. */
    public static final List<Class<? extends SpecificRecord>> RECORD_TYPES =
            List.of(
                    ClickEvent.class,
                    Item.class,
                    UserState.class,
                    ItemNeighbors.class,
                    TrendingItems.class,
                    Recommendations.class,
                    DeadLetter.class);

    private SchemaHistory() {}

    /** One released version of a schema. */
    public record Version(String recordName, int number, Schema schema) {
        /** The file name of this version, e.g. {@code v1.avsc}. */
        public String fileName() {
            return "v" + number + ".avsc";
        }
    }

    /** The released versions of the record with this simple name, oldest first; empty if none. */
    public static List<Version> versions(String recordName) {
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        List<Version> versions = new ArrayList<>();
        for (int n = 1; ; n++) {
            String path = RESOURCE_ROOT + recordName + "/v" + n + ".avsc";
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                versions.add(new Version(recordName, n, new Schema.Parser().parse(in)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read schema history " + path, e);
            }
        }
    }

    /** The released versions of this generated record class, oldest first. */
    public static List<Version> versions(Class<? extends SpecificRecord> type) {
        return versions(currentSchema(type).getName());
    }

    /** The schema the generated class was built from. */
    public static Schema currentSchema(Class<? extends SpecificRecord> type) {
        return SpecificData.getForClass(type).getSchema(type);
    }
}

package dev.perch.cli;

import dev.perch.events.files.EventFileFormat;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;

/**
 * The {@code --format} option of every command that reads a click-stream file (replay, train,
 * bench, local): one reading of the name, so an unknown format is the same usage error everywhere,
 * before anything starts.
 */
public final class EventFileFormats {
    private EventFileFormats() {}

    /** Reads {@code --format} by command-line name. */
    public static final class Converter implements ITypeConverter<EventFileFormat> {
        @Override
        public EventFileFormat convert(String value) {
            return EventFileFormat.fromCliName(value);
        }
    }

    /** The names shown for {@code --format}. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return EventFileFormat.cliNames().iterator();
        }
    }
}

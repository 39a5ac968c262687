package dev.perch.cli;

import dev.perch.events.Topics;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The topic options of the commands that write to Kafka (replay's {@code --topic} and {@code
 * --dead-letter-topic}, train's {@code --items-topic}): a name Kafka would refuse is a usage error
 * when the command line is read, before the broker is contacted.
 */
public final class TopicNames {
    private TopicNames() {}

    /** Reads a topic option, refusing what {@link Topics#isLegalName} refuses. */
    public static final class Converter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!Topics.isLegalName(value)) {
                throw new TypeConversionException(
                        "'"
                                + value
                                + "' is no Kafka topic name (1 to 249 letters, digits, '.', '_' or"
                                + " '-')");
            }
            return value;
        }
    }
}

package dev.perch.cli.bench;

import dev.perch.events.ClickEvent;
import dev.perch.events.files.EventFileFormat;
import dev.perch.events.ops.ParentWatch;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.train.PerchTrainer;
import dev.perch.model.train.TrainResult;
import dev.perch.model.train.TrainSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The bench's model training, run as a child JVM by {@link BenchModel}: the real trainer with the
 * SASRec+ sequence model on the first valid events of the bench's file, read by the same {@link
 * EventFileStream} that then skips them when sending. Small settings for two cores: the trainer's
 * {@link TrainSettings#SMALL} and the demo's {@link SequenceSettings#DEMO} within the given
 * minutes.
 */
public final class BenchTraining {
    private BenchTraining() {}

    /** {@code BenchTraining <events> <format> <trainEvents> <modelsDir> <sequenceMinutes>}. */
    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println(
                    "usage: BenchTraining <events> <format> <trainEvents> <modelsDir>"
                            + " <sequenceMinutes>");
            System.exit(2);
        }
        ParentWatch.exitWithParent("bench model training"); // no orphan when the bench is killed
        try {
            TrainResult result =
                    train(
                            Path.of(args[0]),
                            EventFileFormat.fromCliName(args[1]),
                            Long.parseLong(args[2]),
                            Path.of(args[3]),
                            Double.parseDouble(args[4]),
                            line -> System.out.println(line));
            System.out.printf(
                    Locale.US,
                    "trained %s in %.1f s%n",
                    result.artifact().version(),
                    result.elapsed().toMillis() / 1000.0);
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * Trains on the first {@code trainEvents} valid events of {@code events} and writes the
     * artifact into {@code models/<version>/}.
     *
     * @throws IllegalArgumentException when the file has fewer valid events than that
     */
    public static TrainResult train(
            Path events,
            EventFileFormat format,
            long trainEvents,
            Path models,
            double sequenceMinutes,
            Consumer<String> log)
            throws IOException {
        List<ClickEvent> history = new ArrayList<>();
        try (EventFileStream stream =
                new EventFileStream(events, EventFileStream.parsers(format), false)) {
            while (history.size() < trainEvents) {
                ClickEvent event = stream.next();
                if (event == null) {
                    break;
                }
                history.add(event);
            }
        }
        if (history.size() < trainEvents) {
            throw new IllegalArgumentException(
                    "the file has " + history.size() + " valid events, fewer than " + trainEvents);
        }
        log.accept(
                String.format(Locale.US, "read the first %,d events of %s", trainEvents, events));
        SequenceSettings sequence =
                SequenceSettings.DEMO.withBudget(
                        SequenceSettings.DEMO.maxEpochs(), sequenceMinutes);
        return new PerchTrainer("cpu", log)
                .train(history, List.of(), TrainSettings.SMALL, sequence, models);
    }
}

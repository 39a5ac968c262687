package dev.perch.streamjobs;

import dev.perch.streamjobs.itemstats.ItemStatisticsJobOptions;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * The Markdown tables of the stream jobs' settings, generated from their {@link ConfigOption}s so
 * the operations guide cannot drift from the code (a test checks every row is in it). Run {@code
 * java -cp stream-jobs-*-job.jar dev.perch.streamjobs.OptionsTable} to print them.
 */
public final class OptionsTable {
    private OptionsTable() {}

    /** One table: key, default, meaning. */
    public static String markdown(List<ConfigOption<?>> options) {
        return "| key | default | meaning |\n| --- | --- | --- |\n"
                + options.stream().map(OptionsTable::row).collect(Collectors.joining("\n"))
                + "\n";
    }

    /** The table row of one option. */
    public static String row(ConfigOption<?> option) {
        return "| `"
                + option.key()
                + "` | "
                + format(option.defaultValue())
                + " | "
                + new HtmlFormatter().format(option.description())
                + " |";
    }

    private static String format(Object value) {
        if (value instanceof Duration d) {
            return TimeUtils.formatWithHighestUnit(d);
        }
        return String.valueOf(value);
    }

    public static void main(String[] args) {
        System.out.println("User-state job (`UserStateJobOptions`):\n");
        System.out.println(markdown(UserStateJobOptions.ALL));
        System.out.println("Item-statistics job (`ItemStatisticsJobOptions`):\n");
        System.out.println(markdown(ItemStatisticsJobOptions.ALL));
    }
}

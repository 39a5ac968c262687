package dev.perch.streamjobs;

import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;

/**
 * The check every job entry point makes of its {@code perch.*} settings: Flink's {@code
 * Configuration} ignores keys that no option reads, so a misspelt setting ({@code
 * perch.user-state.half-lif}) would run the job on the default without a word. Keys outside {@code
 * perch.*} are Flink's own and pass.
 */
public final class JobSettings {
    /** The prefix of Perch's own settings. */
    public static final String PREFIX = "perch.";

    /** Flink's bound on the number of key groups. */
    static final int MAX_KEY_GROUPS = 1 << 15;

    /** Flink's shortest checkpoint interval. */
    static final Duration MIN_CHECKPOINT_INTERVAL = Duration.ofMillis(10);

    private JobSettings() {}

    /**
     * Refuses the values no job can run with, naming the key: a negative count or duration, a blank
     * name, too many or no key groups, a checkpoint interval under Flink's 10 ms. Checked when the
     * job's settings are read, before its graph is built: otherwise an operator fails in its {@code
     * open} (a Caffeine cache of -1 items, a rate of 0 events) and the job restarts in a loop.
     *
     * @throws IllegalArgumentException naming the key, the value and what it may be
     */
    public static void requireValid(Configuration c, Collection<ConfigOption<?>> options) {
        for (ConfigOption<?> option : options) {
            Object value = c.get(option);
            if (value instanceof Duration d && d.isNegative()) {
                throw invalid(option, value, "must not be negative");
            }
            if (value instanceof Integer i && i < 0) {
                throw invalid(option, value, "must not be negative");
            }
            if (value instanceof String text && text.isBlank()) {
                throw invalid(option, "''", "must not be blank");
            }
        }
        if (options.contains(UserStateJobOptions.MAX_PARALLELISM)) {
            int keyGroups = c.get(UserStateJobOptions.MAX_PARALLELISM);
            if (keyGroups < 1 || keyGroups > MAX_KEY_GROUPS) {
                throw invalid(
                        UserStateJobOptions.MAX_PARALLELISM,
                        keyGroups,
                        "must be 1 to " + MAX_KEY_GROUPS);
            }
        }
        if (options.contains(UserStateJobOptions.CHECKPOINT_INTERVAL)) {
            Duration interval = c.get(UserStateJobOptions.CHECKPOINT_INTERVAL);
            if (interval.compareTo(MIN_CHECKPOINT_INTERVAL) < 0) {
                throw invalid(
                        UserStateJobOptions.CHECKPOINT_INTERVAL, interval, "must be >= 10 ms");
            }
        }
    }

    /** Refuses a value of {@code option} under {@code min}, naming its key. */
    public static int requireAtLeast(Configuration c, ConfigOption<Integer> option, int min) {
        int value = c.get(option);
        if (value < min) {
            throw invalid(option, value, "must be >= " + min);
        }
        return value;
    }

    private static IllegalArgumentException invalid(
            ConfigOption<?> option, Object value, String rule) {
        return new IllegalArgumentException(option.key() + " " + rule + ", got " + value);
    }

    /**
     * Refuses the {@code perch.*} keys of {@code settings} that none of {@code known} reads (by its
     * key or a fallback key).
     *
     * @throws IllegalArgumentException naming each such key and the known keys of its group
     */
    public static void requireKnown(
            Map<String, String> settings, Collection<ConfigOption<?>> known) {
        Set<String> keys = new TreeSet<>();
        for (ConfigOption<?> option : known) {
            keys.add(option.key());
            for (FallbackKey fallback : option.fallbackKeys()) {
                keys.add(fallback.getKey());
            }
        }
        Set<String> unknown =
                settings.keySet().stream()
                        .filter(key -> key.startsWith(PREFIX) && !keys.contains(key))
                        .collect(Collectors.toCollection(TreeSet::new));
        if (unknown.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("unknown setting");
        message.append(unknown.size() == 1 ? " " : "s ").append(String.join(", ", unknown));
        for (String key : unknown) {
            String group = key.substring(0, key.indexOf('.', PREFIX.length()) + 1);
            Set<String> near =
                    keys.stream()
                            .filter(k -> group.length() > PREFIX.length() && k.startsWith(group))
                            .collect(Collectors.toCollection(TreeSet::new));
            if (!near.isEmpty()) {
                message.append("; the ").append(group).append("* settings are: ");
                message.append(String.join(", ", near));
            }
        }
        message.append(" (stream-jobs/README.md lists every setting)");
        throw new IllegalArgumentException(message.toString());
    }
}

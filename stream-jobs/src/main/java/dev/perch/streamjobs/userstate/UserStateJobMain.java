package dev.perch.streamjobs.userstate;

import dev.perch.streamjobs.JobSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for {@code flink run} and {@code bin/perch local}: reads the settings from the
 * arguments ({@code --perch.user-state.half-life 3d} or {@code key=value}) on top of the Flink
 * configuration, wires the Kafka sources and sinks, and runs the job.
 */
public final class UserStateJobMain {
    private UserStateJobMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> values = parse(args);
        JobSettings.requireKnown(values, UserStateJobOptions.ALL);
        Configuration settings = Configuration.fromMap(values);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        UserStateJobConfig config = UserStateJobConfig.from(mergedWith(env, settings));
        UserStateJob.configure(env, config);
        UserStateJob.onKafka(config).execute(env);
    }

    /** Arguments as {@code --key value} pairs or {@code key=value} words. */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && !arg.contains("=")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("No value for " + arg);
                }
                values.put(arg.substring(2), args[++i]);
            } else if (arg.contains("=")) {
                String word = arg.startsWith("--") ? arg.substring(2) : arg;
                values.put(
                        word.substring(0, word.indexOf('=')),
                        word.substring(word.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("Not a setting: " + arg);
            }
        }
        return values;
    }

    private static Configuration mergedWith(StreamExecutionEnvironment env, Configuration args) {
        Configuration merged = new Configuration();
        merged.addAll(Configuration.fromMap(env.getConfiguration().toMap()));
        merged.addAll(args);
        return merged;
    }
}

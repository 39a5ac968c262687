package dev.perch.streamjobs.itemstats;

import dev.perch.streamjobs.JobSettings;
import dev.perch.streamjobs.userstate.UserStateJobMain;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the item-statistics job for {@code flink run -c
 * dev.perch.streamjobs.itemstats.ItemStatisticsJobMain}: settings from the arguments ({@code --key
 * value} or {@code key=value}) on top of the Flink configuration, Kafka sources and sinks, run.
 */
public final class ItemStatisticsJobMain {
    private ItemStatisticsJobMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> values = UserStateJobMain.parse(args);
        JobSettings.requireKnown(values, ItemStatisticsJobOptions.ALL);
        Configuration settings = Configuration.fromMap(values);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration merged = new Configuration();
        merged.addAll(Configuration.fromMap(env.getConfiguration().toMap()));
        merged.addAll(settings);
        ItemStatisticsJobConfig config = ItemStatisticsJobConfig.from(merged);
        ItemStatisticsJob.configure(env, config);
        ItemStatisticsJob.onKafka(config).execute(env);
    }
}

package dev.perch.streamjobs;

import dev.perch.events.ops.ParentWatch;
import dev.perch.streamjobs.itemstats.ItemStatisticsJob;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobConfig;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobOptions;
import dev.perch.streamjobs.userstate.UserStateJob;
import dev.perch.streamjobs.userstate.UserStateJobConfig;
import dev.perch.streamjobs.userstate.UserStateJobMain;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.RemoteStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs both stream jobs (user state, item statistics) on one local Flink cluster in this JVM, with
 * RocksDB state and retained checkpoints under {@code <data-dir>/flink}; a new start resumes each
 * job from its latest retained checkpoint. {@code bin/perch local} starts it as a child process
 * from the job jar: Flink's RocksDB fork must never share a class path with rocksdbjni.
 *
 * <p>Arguments: {@code --bootstrap HOST:PORT}, {@code --data-dir DIR}, {@code --parallelism N},
 * {@code --web-port PORT} (Flink's web dashboard and REST API on localhost; without it they listen
 * on a random local port, logged but not announced), and any job setting as {@code --key value}.
 */
public final class LocalStreamJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStreamJobs.class);
    private static final Duration FINAL_CHECKPOINT_TIMEOUT = Duration.ofSeconds(30);

    /** The job names: also the checkpoint sub-directories. */
    public static final String USER_STATE = "user-state";

    public static final String ITEM_STATISTICS = "item-statistics";

    /**
     * The runner's options.
     *
     * @param bootstrap the Kafka bootstrap servers
     * @param dataDir the data directory; Flink's lives in its {@code flink} sub-directory
     * @param parallelism the parallelism of each job
     * @param webPort the REST/web UI port, or 0 for a random local one
     * @param settings further job settings ({@code perch.*} keys), for both jobs
     */
    public record Options(
            String bootstrap,
            Path dataDir,
            int parallelism,
            int webPort,
            Map<String, String> settings) {

        public Options {
            settings = Map.copyOf(settings);
            // the same settings go to both jobs: a key is known when either reads it
            List<ConfigOption<?>> known = new ArrayList<>(UserStateJobOptions.ALL);
            known.addAll(ItemStatisticsJobOptions.ALL);
            JobSettings.requireKnown(settings, known);
        }

        /** The options in these arguments. */
        public static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>(UserStateJobMain.parse(args));
            String bootstrap = values.remove("bootstrap");
            String dataDir = values.remove("data-dir");
            String parallelism = values.remove("parallelism");
            String webPort = values.remove("web-port");
            return new Options(
                    bootstrap == null ? "localhost:9092" : bootstrap,
                    Path.of(dataDir == null ? "data" : dataDir).toAbsolutePath(),
                    parallelism == null ? 1 : Integer.parseInt(parallelism),
                    webPort == null ? 0 : Integer.parseInt(webPort),
                    Map.copyOf(values));
        }

        /** Flink's directory: RocksDB working files and the retained checkpoints. */
        public Path flinkDir() {
            return dataDir.resolve("flink");
        }

        /** Where the checkpoints of {@code job} are retained. */
        public Path checkpoints(String job) {
            return flinkDir().resolve("checkpoints").resolve(job);
        }
    }

    /**
     * One job running on the local cluster.
     *
     * @param name the job's name
     * @param id its Flink job id
     * @param restoredFrom the checkpoint it resumed from, or null for a fresh start
     */
    public record RunningJob(String name, JobID id, Path restoredFrom) {}

    private final MiniCluster cluster;
    private final List<RunningJob> jobs;
    private boolean closed;

    private LocalStreamJobs(MiniCluster cluster, List<RunningJob> jobs) {
        this.cluster = cluster;
        this.jobs = jobs;
    }

    /** Starts the local cluster and both jobs, each resuming from its latest checkpoint. */
    public static LocalStreamJobs start(Options options) throws Exception {
        Files.createDirectories(options.flinkDir());
        MiniCluster cluster = new MiniCluster(clusterConfiguration(options));
        cluster.start();
        try {
            URI rest = cluster.getRestAddress().get();
            LOG.info("Flink dashboard and REST API at {}", rest);
            List<RunningJob> jobs = new ArrayList<>();
            Configuration base = jobSettings(options);
            UserStateJobConfig userState = UserStateJobConfig.from(base);
            ItemStatisticsJobConfig itemStatistics = ItemStatisticsJobConfig.from(base);
            jobs.add(
                    submit(
                            options,
                            rest,
                            USER_STATE,
                            UserStateJob.flinkConfiguration(userState),
                            env -> UserStateJob.onKafka(userState).build(env)));
            jobs.add(
                    submit(
                            options,
                            rest,
                            ITEM_STATISTICS,
                            ItemStatisticsJob.flinkConfiguration(itemStatistics),
                            env -> ItemStatisticsJob.onKafka(itemStatistics).build(env)));
            return new LocalStreamJobs(cluster, jobs);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** The running jobs. */
    public List<RunningJob> jobs() {
        return List.copyOf(jobs);
    }

    /** The address of the cluster's web dashboard and REST API. */
    public URI restAddress() throws Exception {
        return cluster.getRestAddress().get();
    }

    /** Blocks until every job has ended (cancelled or failed for good). */
    public void awaitTermination() throws Exception {
        for (RunningJob job : jobs) {
            cluster.requestJobResult(job.id()).get();
        }
    }

    /**
     * Takes a final checkpoint of each job (retained: the next start resumes from it), cancels the
     * jobs and stops the cluster. A job whose checkpoint fails still stops; it resumes from its
     * previous checkpoint and replays the rest from Kafka.
     */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        for (RunningJob job : jobs) {
            try {
                String path =
                        cluster.triggerCheckpoint(job.id())
                                .get(FINAL_CHECKPOINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("final checkpoint of {}: {}", job.name(), path);
            } catch (Exception e) {
                LOG.warn("no final checkpoint of {}: {}", job.name(), e.toString());
            }
            try {
                cluster.cancelJob(job.id()).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("cancelling {} failed: {}", job.name(), e.toString());
            }
        }
        cluster.close();
    }

    /** The newest completed checkpoint retained under {@code dir}, if any. */
    public static Optional<Path> latestCheckpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .filter(p -> p.getParent().getFileName().toString().startsWith("chk-"))
                    .max(Comparator.comparing(LocalStreamJobs::modified))
                    .map(Path::getParent);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    private static MiniClusterConfiguration clusterConfiguration(Options options) {
        Configuration conf = new Configuration();
        // every listener on loopback: the REST API, the blob server (it binds to the job
        // manager's bind host) and the task manager's data port
        conf.set(RestOptions.BIND_ADDRESS, "localhost");
        conf.set(RestOptions.ADDRESS, "localhost");
        conf.set(JobManagerOptions.BIND_HOST, "localhost");
        conf.set(JobManagerOptions.ADDRESS, "localhost");
        conf.set(TaskManagerOptions.BIND_HOST, "localhost");
        conf.set(TaskManagerOptions.HOST, "localhost");
        conf.set(RestOptions.BIND_PORT, Integer.toString(options.webPort()));
        conf.set(WebOptions.SUBMIT_ENABLE, false);
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(
                RocksDBOptions.LOCAL_DIRECTORIES,
                options.flinkDir().resolve("rocksdb").toAbsolutePath().toString());
        // RocksDB's write buffers and block cache of both jobs, split evenly over the slots (one
        // per job and subtask). 512 MiB rather than 128: the profile of issue 16 showed keyed-state
        // reads seeking in SST data blocks; measured together with the bloom filters and heap
        // timers of UserStateJob.flinkConfiguration (10 % less CPU). The memory is used as the
        // state grows: over a full bench run the stream jobs' peak RSS rose from 0.55-0.67 GB to
        // 1.1-1.2 GB (issue 16's stream-jobs changes together)
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
        return new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2 * options.parallelism())
                .build();
    }

    /**
     * The settings both jobs read: the arguments and the bootstrap servers. The checkpoint interval
     * is the jobs' own default ({@link UserStateJobOptions#CHECKPOINT_INTERVAL}, 30 s), as on a
     * cluster. A checkpoint flushes every RocksDB memtable of both jobs into new files, which
     * compactions then merge: every 5 s (this runner's interval until issue 16's twenty-fifth
     * session) that cost the stream jobs 60-77 µs of CPU per event at 1,000 events/s in {@code
     * bin/perch bench}, and RocksDB's compaction thread 0.057 cores at 5,000 events/s against 0.010
     * (docs/benchmarks/history.md). A longer interval loses nothing: after a crash each job resumes
     * from its last checkpoint and reads the events since then again; a stop (SIGTERM) still takes
     * a final checkpoint.
     */
    static Configuration jobSettings(Options options) {
        Configuration c = new Configuration();
        c.addAll(Configuration.fromMap(options.settings()));
        c.set(UserStateJobOptions.BOOTSTRAP_SERVERS, options.bootstrap());
        return c;
    }

    /** Builds one job's graph. */
    private interface Graph {
        void build(StreamExecutionEnvironment env);
    }

    private static RunningJob submit(
            Options options, URI rest, String name, Configuration flink, Graph graph)
            throws Exception {
        Path checkpoints = options.checkpoints(name);
        Files.createDirectories(checkpoints);
        Configuration conf = new Configuration(flink);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        Optional<Path> latest = latestCheckpoint(checkpoints);
        // state of an operator a newer version removed (trending-windows became trending-panes,
        // pair-co-visits and pair-transitions became pair-signals) is dropped, not a reason to
        // refuse the start; see operations.md. Given to the environment itself: a remote
        // environment writes its own restore settings (none, when not given) over the
        // configuration's, so set there they kept the path but lost these two
        SavepointRestoreSettings restore =
                latest.map(
                                path ->
                                        SavepointRestoreSettings.forPath(
                                                path.toUri().toString(),
                                                true,
                                                RecoveryClaimMode.CLAIM))
                        .orElse(SavepointRestoreSettings.none());
        StreamExecutionEnvironment env =
                new RemoteStreamEnvironment(
                        rest.getHost(), rest.getPort(), conf, new String[0], null, restore);
        env.setParallelism(options.parallelism());
        graph.build(env);
        JobID id = env.executeAsync("perch-" + name).getJobID();
        LOG.info(
                "{} submitted as {}{}",
                name,
                id,
                latest.map(p -> ", resuming from " + p).orElse(", fresh state"));
        return new RunningJob(name, id, latest.orElse(null));
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.exitWithParent("stream-jobs");
        Options options = Options.parse(args);
        LocalStreamJobs jobs = start(options);
        stopOnSignals(jobs);
        System.out.println(
                "stream-jobs running: "
                        + USER_STATE
                        + ", "
                        + ITEM_STATISTICS
                        + " (checkpoints in "
                        + options.flinkDir().resolve("checkpoints")
                        + (options.webPort() > 0
                                ? ", Flink dashboard at " + jobs.restAddress()
                                : "")
                        + ")");
        System.out.flush();
        try {
            jobs.awaitTermination();
        } catch (Exception e) {
            if (!jobs.isClosed()) {
                throw e;
            }
        }
    }

    /**
     * SIGTERM and SIGINT stop the jobs before the JVM begins to shut down: Flink's own shutdown
     * hooks would otherwise tear the cluster down while the final checkpoint runs. The shutdown
     * hook covers every other way out.
     */
    private static void stopOnSignals(LocalStreamJobs jobs) {
        Runnable stop =
                () -> {
                    try {
                        jobs.close();
                    } catch (Exception e) {
                        LOG.warn("stopping the stream jobs failed", e);
                    }
                };
        for (String name : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(
                    new sun.misc.Signal(name),
                    signal -> {
                        LOG.info("SIG{}: stopping the stream jobs", name);
                        stop.run();
                        System.exit(0);
                    });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "stream-jobs-shutdown"));
    }

    /** True once {@link #close} began. */
    public synchronized boolean isClosed() {
        return closed;
    }
}

package dev.perch.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the CPU time and resident memory of named processes (each with its descendants) from
 * Linux's /proc once a second, to say what each part of Perch costs during a benchmark phase, in
 * all and per window of the phase (so a lag that builds at a phase's start can be set beside the
 * process that was busy then).
 */
public final class ProcessSampler implements AutoCloseable {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /**
     * What one process used during a phase: CPU seconds in all, their average over the phase in
     * cores, the busiest second, the peak resident memory, and the average cores of each window of
     * the phase in turn (the last one may be shorter; empty where no window was sampled).
     */
    public record Usage(
            String process,
            double cpuSeconds,
            double averageCores,
            double peakCores,
            long peakRssMb,
            List<Double> coresOverTime) {
        public Usage {
            coresOverTime = List.copyOf(coresOverTime);
        }

        /** A usage without windows. */
        public Usage(
                String process,
                double cpuSeconds,
                double averageCores,
                double peakCores,
                long peakRssMb) {
            this(process, cpuSeconds, averageCores, peakCores, peakRssMb, List.of());
        }
    }

    /**
     * A process to sample: {@code withDescendants} adds its child processes (a service started
     * through setsid, Flink's workers); false for the benchmark itself, whose children are the very
     * processes it measures.
     */
    public record Target(String name, long pid, boolean withDescendants) {}

    private final List<Target> targets;
    private final long windowNanos;
    private final Map<String, Track> tracks = new LinkedHashMap<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "perch-bench-sampler");
                        t.setDaemon(true);
                        return t;
                    });

    /** Samples {@code targets}; {@link Usage#coresOverTime} in windows of {@code window}. */
    public ProcessSampler(List<Target> targets, Duration window) {
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("a window of at least 1 ms, not " + window);
        }
        this.targets = List.copyOf(targets);
        this.windowNanos = window.toNanos();
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts a phase: forgets earlier samples and samples every second until {@link #stop}. */
    public synchronized void start() {
        tracks.clear();
        for (Target target : targets) {
            tracks.put(
                    target.name(), new Track(target.pid(), target.withDescendants(), windowNanos));
        }
        sample();
    }

    /** The usage of every process since {@link #start}. */
    public synchronized List<Usage> stop() {
        sample();
        List<Usage> usages = new ArrayList<>();
        for (Map.Entry<String, Track> entry : tracks.entrySet()) {
            usages.add(entry.getValue().usage(entry.getKey()));
        }
        tracks.clear(); // nothing is sampled between phases
        return usages;
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        for (Track track : tracks.values()) {
            track.sample(now);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** True where /proc can be read (Linux). */
    public static boolean supported() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** One process's samples in a phase. Package-private for its test. */
    static final class Track {
        private final long pid;
        private final boolean withDescendants;
        private final long windowNanos;
        private final List<Double> windows = new ArrayList<>();
        private long windowTicks;
        private long windowNanosStart;
        private long firstTicks = -1;
        private long firstNanos;
        private long lastTicks;
        private long lastNanos;
        private double peakCores;
        private long peakRssKb;

        Track(long pid, boolean withDescendants, long windowNanos) {
            this.pid = pid;
            this.withDescendants = withDescendants;
            this.windowNanos = windowNanos;
        }

        void sample(long nanos) {
            long ticks = 0;
            long rssKb = 0;
            List<Long> all = new ArrayList<>();
            all.add(pid);
            if (withDescendants) {
                ProcessHandle.of(pid)
                        .ifPresent(h -> h.descendants().forEach(d -> all.add(d.pid())));
            }
            for (long p : all) {
                ticks += cpuTicks(p);
                rssKb += rssKb(p);
            }
            record(nanos, ticks, rssKb);
        }

        /**
         * One sample: the process's CPU ticks and resident memory at {@code nanos}. A window closes
         * at the first sample at or past its end, and counts the ticks since the sample that opened
         * it.
         */
        void record(long nanos, long ticks, long rssKb) {
            if (firstTicks < 0) {
                firstTicks = ticks;
                firstNanos = nanos;
                windowTicks = ticks;
                windowNanosStart = nanos;
            } else if (nanos > lastNanos) {
                double cores = (ticks - lastTicks) / TICKS_PER_SECOND / ((nanos - lastNanos) / 1e9);
                peakCores = Math.max(peakCores, cores);
            }
            lastTicks = ticks;
            lastNanos = nanos;
            peakRssKb = Math.max(peakRssKb, rssKb);
            if (nanos - firstNanos >= (windows.size() + 1) * windowNanos) {
                closeWindow();
            }
        }

        private void closeWindow() {
            double seconds = (lastNanos - windowNanosStart) / 1e9;
            windows.add(round((lastTicks - windowTicks) / TICKS_PER_SECOND / seconds));
            windowTicks = lastTicks;
            windowNanosStart = lastNanos;
        }

        Usage usage(String name) {
            // the phase's last, shorter window counts when it spans at least a second
            if (lastNanos - windowNanosStart >= 1_000_000_000L) {
                closeWindow();
            }
            double seconds = (lastNanos - firstNanos) / 1e9;
            double cpu = (lastTicks - firstTicks) / TICKS_PER_SECOND;
            double average = seconds <= 0 ? 0 : cpu / seconds;
            return new Usage(
                    name, round(cpu), round(average), round(peakCores), peakRssKb / 1024, windows);
        }

        private static double round(double value) {
            return Math.round(value * 100) / 100.0;
        }

        private static long cpuTicks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
            } catch (IOException | RuntimeException gone) {
                return 0;
            }
        }

        private static long rssKb(long pid) {
            try {
                for (String line :
                        Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // exited
            }
            return 0;
        }
    }
}

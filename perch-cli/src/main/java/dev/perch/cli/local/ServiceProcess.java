package dev.perch.cli.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One supervised child process of {@code perch local}: started with its output appended to a log
 * file, waited for until it says it is ready (in what it wrote since this start, never an earlier
 * run's lines), restarted with the same command after it died, stopped with SIGTERM and, after a
 * grace period, killed together with everything it started. On Linux it runs in its own session
 * ({@code setsid}), so a Ctrl-C in the terminal reaches only {@code perch local}, which stops the
 * children in dependency order.
 */
public final class ServiceProcess {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final List<String> command;
    private final Path log;
    private volatile Process process;
    private volatile long logStart;
    private volatile long startedNanos;
    private volatile int restarts;

    private ServiceProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
    }

    /** Starts {@code command} with stdout and stderr appended to {@code log}. */
    public static ServiceProcess start(String name, List<String> command, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ServiceProcess service = new ServiceProcess(name, command, log);
        service.launch();
        return service;
    }

    private synchronized void launch() throws IOException {
        logStart = Files.exists(log) ? Files.size(log) : 0;
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        process =
                new ProcessBuilder(full)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .start();
        startedNanos = System.nanoTime();
    }

    /** Starts the same command again after the process died (its log is appended to). */
    public synchronized void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        restarts++;
        launch();
    }

    /** How often it was restarted. */
    public int restarts() {
        return restarts;
    }

    /** How long the current process has been running. */
    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The current process (for tests that kill it). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** The exit code, or -1 while it runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /**
     * Waits until a line that the current process wrote to the log (after the offset the log had
     * when it started) matches {@code ready}; an earlier run's lines never count.
     */
    public void awaitLogLine(Pattern ready, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : linesSinceStart()) {
                if (ready.matcher(line).find()) {
                    return;
                }
            }
            failIfDead();
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IOException(name + " did not become ready within " + timeout + "; see " + log);
    }

    /** Waits until {@code url} answers 200. */
    public void awaitHttpOk(String url, Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            failIfDead();
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IOException(
                name + " did not answer " + url + " within " + timeout + "; see " + log);
    }

    /** The lines written to the log since the current process started. */
    List<String> linesSinceStart() throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            long from = Math.min(logStart, channel.size());
            channel.position(from);
            byte[] bytes = Channels.newInputStream(channel).readAllBytes();
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    private void failIfDead() throws IOException {
        if (!process.isAlive()) {
            throw new IOException(
                    name
                            + " exited with code "
                            + process.exitValue()
                            + " while starting:\n"
                            + tail(20));
        }
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        try {
            Deque<String> last = new ArrayDeque<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            }
            return "  | " + String.join("\n  | ", last);
        } catch (IOException e) {
            return "  (log unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then after {@code grace} SIGKILL to it and every descendant. */
    public void stop(Duration grace) throws InterruptedException {
        Objects.requireNonNull(grace, "grace");
        Process process = this.process;
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }
}

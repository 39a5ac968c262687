package dev.perch.cli.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One supervised child process of {@code perch local}: started with its output in a log file,
 * waited for until it says it is ready, stopped with SIGTERM and, after a grace period, killed
 * together with everything it started.
 */
public final class ServiceProcess {
    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with stdout and stderr appended to {@code log}. */
    public static ServiceProcess start(String name, List<String> command, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .start();
        return new ServiceProcess(name, process, log);
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

    /** The exit code, or -1 while it runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Waits until a line of the log written since start matches {@code ready}. */
    public void awaitLogLine(Pattern ready, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (ready.matcher(line).find()) {
                        return;
                    }
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

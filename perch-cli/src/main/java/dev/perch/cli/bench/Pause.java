package dev.perch.cli.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops processes (and their descendants) with SIGSTOP and lets them go on with SIGCONT, through
 * the system's {@code kill}: the bench's way of giving one stage the machine to itself while
 * another works, without restarting it (a restart would lose its JIT-compiled code and its state).
 * Closing it resumes them, so a failed phase never leaves a process stopped.
 */
final class Pause implements AutoCloseable {
    private final List<Long> pids;
    private boolean paused;

    private Pause(List<Long> pids) {
        this.pids = pids;
    }

    /** Stops every process of {@code handles} and their descendants. */
    static Pause of(List<ProcessHandle> handles) throws IOException, InterruptedException {
        List<Long> pids = new ArrayList<>();
        for (ProcessHandle handle : handles) {
            pids.add(handle.pid());
            handle.descendants().forEach(child -> pids.add(child.pid()));
        }
        Pause pause = new Pause(pids);
        pause.signal("STOP");
        pause.paused = true;
        return pause;
    }

    /** Lets the stopped processes go on (again a no-op). */
    void resume() throws IOException, InterruptedException {
        if (paused) {
            paused = false;
            signal("CONT");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        resume();
    }

    private void signal(String name) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new IOException("kill -" + name + " did not return within 10 s");
        }
        if (kill.exitValue() != 0) {
            throw new IOException(
                    "kill -"
                            + name
                            + " "
                            + pids
                            + " failed ("
                            + kill.exitValue()
                            + "): "
                            + new String(kill.getInputStream().readAllBytes()).trim());
        }
    }
}

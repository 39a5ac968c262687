package dev.perch.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.perch.events.ops.CompilerPriority;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JavaLauncherTest {
    /** Prints the committed and maximum heap of the JVM it runs in, in bytes. */
    public static final class PrintHeap {
        public static void main(String[] args) {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            System.out.println(heap.getCommitted() + " " + heap.getMax());
        }
    }

    /**
     * Prints "name nice" for each of its threads from /proc, after starting one thread at the
     * lowest Java priority and one at the highest.
     */
    public static final class PrintThreadNiceness {
        public static void main(String[] args) throws Exception {
            CountDownLatch done = new CountDownLatch(1);
            for (int priority : new int[] {Thread.MIN_PRIORITY, Thread.MAX_PRIORITY}) {
                Thread thread = new Thread(() -> awaitQuietly(done), "priority-" + priority);
                thread.setPriority(priority);
                thread.setDaemon(true);
                thread.start();
            }
            try (DirectoryStream<Path> tasks =
                    Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String stat = Files.readString(task.resolve("stat"));
                    // after the command name in parentheses: state is field 3, nice field 19
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    System.out.println(name + "\t" + fields[16]);
                }
            }
            done.countDown();
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Every child JVM runs its JIT compiler threads at the lowest priority and all its other
     * threads at the default, whatever their Java priority and whoever runs it (issue 16: a
     * compiler's bursts took the cores of the event path in the tail's slowest seconds).
     */
    @Test
    void compilerThreadsRunAtTheLowestPriorityAndNoOtherThreadMoves() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
        List<String> command =
                new JavaLauncher(Path.of("."))
                        .onOwnClassPath(
                                "64m",
                                // the compiler threads exist from the start, not on demand
                                List.of("-XX:-UseDynamicNumberOfCompilerThreads"),
                                PrintThreadNiceness.class.getName(),
                                List.of());

        Map<String, Integer> niceByThread = new HashMap<>();
        for (String line : run(command).split("\n")) {
            String[] parts = line.split("\t");
            if (parts.length == 2 && parts[1].strip().matches("-?\\d+")) {
                niceByThread.merge(parts[0], Integer.parseInt(parts[1].strip()), Math::max);
            }
        }

        assertThat(niceByThread).containsKeys("C1 CompilerThre", "C2 CompilerThre");
        niceByThread.forEach(
                (thread, nice) ->
                        assertThat(nice)
                                .as(thread)
                                .isEqualTo(
                                        thread.contains("CompilerThre")
                                                        || thread.startsWith("Sweeper")
                                                ? CompilerPriority.COMPILER_NICE
                                                : 0));
        assertThat(niceByThread).containsKeys("priority-1", "priority-10", "VM Thread");
    }

    /**
     * The model server's JVM has its whole heap from the start: with the serial collector, a heap
     * that starts small grows its old generation only after full collections, which stopped the
     * model server for 150-490 ms every few seconds at 5,000 events/s (issue 16).
     */
    @Test
    void theModelServerCommitsItsWholeHeapAtStart() throws Exception {
        // above the default initial heap (a 64th of the memory) of a machine with up to 128 GB;
        // committing is not touching: the child's RSS stays small
        String heap = "2g";
        List<String> command =
                new JavaLauncher(Path.of("."))
                        .onOwnClassPath(
                                heap,
                                LocalStack.modelServerJvmOptions(heap),
                                PrintHeap.class.getName(),
                                List.of());

        String[] sizes = run(command).trim().split(" ");

        long committed = Long.parseLong(sizes[0]);
        long max = Long.parseLong(sizes[1]);
        assertThat(max).isGreaterThan(1L << 30);
        assertThat(committed).isGreaterThanOrEqualTo(max * 9 / 10);
    }

    /** The JVM options reach the command line after the heap and collector, before the class. */
    @Test
    void jvmOptionsComeBeforeTheMainClass() {
        List<String> command =
                new JavaLauncher(Path.of("."))
                        .onOwnClassPath(
                                "1g",
                                LocalStack.modelServerJvmOptions("1g"),
                                "dev.perch.Main",
                                List.of("--flag"));

        assertThat(command).containsSubsequence("-Xmx1g", "-XX:+UseSerialGC", "-Xms1g");
        assertThat(command).containsSubsequence(LocalStack.modelServerJvmOptions("1g"));
        assertThat(command.subList(command.size() - 2, command.size()))
                .containsExactly("dev.perch.Main", "--flag");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }
}

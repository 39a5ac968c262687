package dev.perch.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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

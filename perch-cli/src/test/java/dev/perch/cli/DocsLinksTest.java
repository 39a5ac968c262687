package dev.perch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in the repository's markdown (README, docs, the modules' READMEs) leads to a
 * file that exists and, with a {@code #fragment}, to a heading of that file, as GitHub names its
 * anchors. The docs move (the benchmarks' history left docs/benchmarks.md for its own file), and a
 * reader who follows a dead link loses the figure or the command it pointed at.
 */
class DocsLinksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");

    @Test
    @DisplayName("every relative link of the repository's markdown reaches its file and heading")
    void relativeLinksResolve() {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path doc : markdownFiles()) {
            Matcher link = LINK.matcher(read(doc));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto:
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + ": no file " + target);
                } else if (hash >= 0 && resolved.toString().endsWith(".md")) {
                    String anchor = target.substring(hash + 1);
                    if (!anchors.computeIfAbsent(resolved, DocsLinksTest::anchorsOf)
                            .contains(anchor)) {
                        broken.add(ROOT.relativize(doc) + ": no heading for " + target);
                    }
                }
            }
        }
        assertThat(broken).as("links without a target").isEmpty();
    }

    @Test
    @DisplayName(
            "a heading's anchor is GitHub's: lower case, punctuation dropped, repeats numbered")
    void anchorsAreGitHubs(@TempDir Path dir) throws IOException {
        Path doc = dir.resolve("a.md");
        Files.writeString(
                doc,
                "# End to end: `bin/perch bench`\n"
                        + "## The model server's CPU, 2026-12-07\n"
                        + "```\n# not a heading\n```\n"
                        + "## Results\n## Results\n");
        assertThat(anchorsOf(doc))
                .containsExactlyInAnyOrder(
                        "end-to-end-binperch-bench",
                        "the-model-servers-cpu-2026-12-07",
                        "results",
                        "results-1");
    }

    /** The markdown files of the repository, without build outputs and the raw bench records. */
    private static List<Path> markdownFiles() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(
                            p -> {
                                String rel = ROOT.relativize(p).toString().replace('\\', '/');
                                return !rel.startsWith(".")
                                        && !rel.contains("/target/")
                                        && !rel.startsWith("target/")
                                        && !rel.contains("node_modules/")
                                        && !rel.startsWith("docs/benchmarks/bench-");
                            })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The anchors GitHub gives the headings of {@code doc} (headings in code blocks are none). */
    static Set<String> anchorsOf(Path doc) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean code = false;
        for (String line : read(doc).split("\n", -1)) {
            if (line.startsWith("```")) {
                code = !code;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (code || !heading.matches()) {
                continue;
            }
            String text = heading.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
            String slug =
                    text.replaceAll("[`*]", "")
                            .strip()
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                            .replace(' ', '-');
            int repeat = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
        }
        return anchors;
    }

    private static String read(Path doc) {
        try {
            return Files.readString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

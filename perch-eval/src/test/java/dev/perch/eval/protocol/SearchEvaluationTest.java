package dev.perch.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.eval.data.Interaction;
import dev.perch.eval.method.Methods;
import dev.perch.eval.method.PerchOptions;
import dev.perch.eval.method.PerchPipeline;
import dev.perch.eval.method.TextCatalog;
import dev.perch.eval.metrics.RankingMetrics;
import dev.perch.events.Item;
import dev.perch.featurestore.TextEncoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SearchEvaluationTest {

    /** Bag of words hashed into 64 dimensions, unit length: texts sharing words are close. */
    static final class BagOfWordsEncoder implements TextEncoder {
        @Override
        public String version() {
            return "bag-of-words-64";
        }

        @Override
        public List<float[]> encode(List<String> texts) {
            List<float[]> out = new ArrayList<>();
            for (String text : texts) {
                float[] v = new float[64];
                for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                    if (!word.isEmpty()) {
                        v[Math.floorMod(word.hashCode(), 64)] += 1;
                    }
                }
                double norm = 0;
                for (float x : v) {
                    norm += x * x;
                }
                for (int i = 0; i < v.length; i++) {
                    v[i] /= (float) Math.sqrt(Math.max(norm, 1e-12));
                }
                out.add(v);
            }
            return out;
        }
    }

    private static Item movie(String id, String title, String genre) {
        return Item.newBuilder()
                .setItemId(id)
                .setTitle(title)
                .setCategoryPath(List.of(genre))
                .setAttributes(Map.of("genres", genre))
                .setAvailable(true)
                .build();
    }

    @Test
    @DisplayName(
            "On a stream where shoppers walk a chain of comedies, the personalised search for"
                    + " 'comedy' finds the next one far more often than BM25 or semantic alone,"
                    + " which cannot tell the comedies apart")
    void personalBeatsLexicalAndSemantic() {
        Map<String, Item> items = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String id = String.format(Locale.ROOT, "c%02d", i);
            items.put(id, movie(id, "Comedy film " + i, "Comedy"));
        }
        for (int i = 0; i < 10; i++) {
            items.put("d" + i, movie("d" + i, "Drama film " + i, "Drama"));
        }
        BagOfWordsEncoder encoder = new BagOfWordsEncoder();
        TextCatalog catalog = TextCatalog.encode(items, encoder);
        Random random = new Random(7);
        List<Interaction> events = new ArrayList<>();
        long t = 1_600_000_000_000L;
        for (int u = 0; u < 60; u++) {
            int start = random.nextInt(40);
            for (int step = 0; step < 6; step++) {
                String item = String.format(Locale.ROOT, "c%02d", (start + step) % 40);
                events.add(Interaction.click("u" + u, item, t += 60_000));
            }
        }
        PerchPipeline perch =
                (PerchPipeline)
                        Methods.create(
                                "perch-content",
                                1,
                                null,
                                Map.of(),
                                PerchOptions.DEFAULTS,
                                null,
                                catalog);

        List<MethodRun> runs =
                new SearchEvaluation(events, catalog, encoder, 0.5, 1).run(perch, u -> true);

        assertThat(runs)
                .extracting(MethodRun::method)
                .containsExactly("search-personal", "search-bm25", "search-semantic");
        RankingMetrics personal = runs.get(0).scope("genre query");
        RankingMetrics bm25 = runs.get(1).scope("genre query");
        RankingMetrics semantic = runs.get(2).scope("genre query");
        assertThat(personal.count()).isEqualTo(events.size() / 2).isEqualTo(bm25.count());
        assertThat(personal.hr10()).isGreaterThan(0.6);
        assertThat(personal.hr10()).isGreaterThan(bm25.hr10() + 0.2);
        assertThat(personal.hr10()).isGreaterThan(semantic.hr10() + 0.2);
    }
}

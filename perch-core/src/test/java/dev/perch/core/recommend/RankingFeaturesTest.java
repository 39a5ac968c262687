package dev.perch.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.EventType;
import dev.perch.events.RecentItem;
import dev.perch.events.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The ranking features, which the trainer, the model server and the evaluator all write. */
class RankingFeaturesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    @DisplayName(
            "the user's part computed once per request writes the same floats as each feature"
                    + " computed from the state for every candidate (dot, category share, recent,"
                    + " event count, vector flag), for users with and without a vector or state")
    void perRequestContextWritesWhatTheStateSays() {
        Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            UserState user = trial % 10 == 0 ? null : randomUser(random);
            RankingFeatures.UserContext context =
                    RankingFeatures.UserContext.of(user, SequenceSignals.of(user), null);
            for (int c = 0; c < 20; c++) {
                String itemId = "i" + random.nextInt(30);
                Candidate candidate = new Candidate(itemId);
                float[] embedding =
                        random.nextInt(5) == 0 ? null : randomVector(random, 4 + random.nextInt(2));
                ItemFacts facts =
                        new ItemFacts(
                                itemId,
                                true,
                                random.nextInt(4) == 0 ? null : "c" + random.nextInt(5),
                                embedding,
                                random.nextInt(100));
                float[] row = new float[RankingFeatures.COUNT];
                RankingFeatures.write(context, candidate, facts, row, 0);

                assertThat(row[0]).isEqualTo((float) referenceDot(user, facts));
                assertThat(row[6]).isEqualTo((float) referenceShare(user, facts.category()));
                assertThat(row[7]).isEqualTo(referenceRecent(user, itemId) ? 1f : 0f);
                assertThat(row[8]).isEqualTo((float) Math.log1p(referenceEvents(user)));
                assertThat(row[9]).isEqualTo(referenceHasVector(user) ? 1f : 0f);
            }
        }
    }

    private static UserState randomUser(Random random) {
        List<RecentItem> recent = new ArrayList<>();
        for (int i = 0; i < random.nextInt(6); i++) {
            recent.add(new RecentItem("i" + random.nextInt(30), EventType.VIEW, T0));
        }
        Map<String, Float> affinity = new LinkedHashMap<>();
        for (int i = 0; i < random.nextInt(5); i++) {
            affinity.put("c" + random.nextInt(5), random.nextFloat() * 3);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("VIEW", (long) random.nextInt(50));
        counts.put("PURCHASE", (long) random.nextInt(3));
        List<Float> vector = new ArrayList<>();
        if (random.nextInt(4) != 0) {
            for (float v : randomVector(random, 4)) {
                vector.add(v);
            }
        }
        return UserState.newBuilder()
                .setUserId("u")
                .setVersion(1)
                .setRecentItems(recent)
                .setCategoryAffinity(affinity)
                .setEventCounts(counts)
                .setVector(vector)
                .setVectorWeight(random.nextInt(3) == 0 ? 0.0 : 1.5)
                .setFirstSeen(T0)
                .setLastSeen(T0)
                .setUpdatedAt(T0)
                .build();
    }

    private static float[] randomVector(Random random, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static boolean referenceHasVector(UserState user) {
        return user != null && !user.getVector().isEmpty() && user.getVectorWeight() > 0;
    }

    private static double referenceDot(UserState user, ItemFacts facts) {
        if (!referenceHasVector(user)
                || facts.embedding() == null
                || user.getVector().size() != facts.embedding().length) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < facts.embedding().length; i++) {
            sum += user.getVector().get(i) * facts.embedding()[i];
        }
        return sum;
    }

    private static double referenceShare(UserState user, String category) {
        if (user == null || category == null) {
            return 0;
        }
        double total = 0;
        for (float value : user.getCategoryAffinity().values()) {
            total += value;
        }
        Float mine = user.getCategoryAffinity().get(category);
        return mine == null || total <= 0 ? 0 : mine / total;
    }

    private static boolean referenceRecent(UserState user, String itemId) {
        return user != null
                && user.getRecentItems().stream().anyMatch(r -> r.getItemId().equals(itemId));
    }

    private static long referenceEvents(UserState user) {
        return user == null
                ? 0
                : user.getEventCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    @DisplayName(
            "the log-count features' table gives exactly Math.log1p's float for every argument:"
                    + " whole numbers in and past the table, fractions, -0.0, NaN, infinities")
    void log1pTableIsExact() {
        List<Double> arguments = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            arguments.add((double) i);
            arguments.add(i + 0.5);
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            arguments.add(random.nextDouble() * 10_000);
        }
        arguments.addAll(
                List.of(
                        -0.0,
                        0.0,
                        Math.nextUp(0.0),
                        4095.0,
                        4096.0,
                        1e12,
                        -0.5,
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY));
        for (double x : arguments) {
            assertThat(Float.floatToRawIntBits(RankingFeatures.log1p(x)))
                    .as("log1p(%s)", x)
                    .isEqualTo(Float.floatToRawIntBits((float) Math.log1p(x)));
        }
    }
}

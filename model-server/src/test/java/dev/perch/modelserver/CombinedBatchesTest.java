package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.perch.events.Recommendations;
import dev.perch.events.UserState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The tasks' flushes of one tick, sharing one batch's shared part")
class CombinedBatchesTest {
    /** A thread per task (the common pool may have one thread, and a task here blocks). */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private final TestingShop.CountingScorer scorer = new TestingShop.CountingScorer("m1");
    private final TestingShop shop = new TestingShop();
    private final BatchRecommender recommender =
            new BatchRecommender(
                    new LiveRecommender(shop.recommender(scorer)),
                    5,
                    Clock.systemUTC(),
                    new ModelServerMetrics());

    /** Users with a vector, so that a batch's shared part scans the item vectors once. */
    private static List<UserState> users(String... ids) {
        return java.util.Arrays.stream(ids)
                .map(
                        id ->
                                UserState.newBuilder(TestingShop.state(id, 1))
                                        .setVector(List.of(1f, 0f))
                                        .setVectorWeight(1.0)
                                        .build())
                .toList();
    }

    /** {@code n} tasks of {@code combined}, each with users buffered. */
    private static List<CombinedBatches.Member> buffering(CombinedBatches combined, int n) {
        List<CombinedBatches.Member> members = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            CombinedBatches.Member member = combined.join();
            member.buffering(true);
            members.add(member);
        }
        return members;
    }

    /**
     * Runs {@code flush} on a thread of its own and waits until the open round of {@code combined}
     * holds {@code flushes} tasks' flushes (this one's among them).
     */
    private CompletableFuture<List<Recommendations>> joining(
            CombinedBatches combined, int flushes, Supplier<List<Recommendations>> flush) {
        CompletableFuture<List<Recommendations>> running =
                CompletableFuture.supplyAsync(flush, threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> combined.joined() == flushes);
        return running;
    }

    private static List<String> ids(List<Recommendations> lists) {
        return lists.stream().map(l -> l.getUserId().toString()).toList();
    }

    @Test
    @DisplayName(
            "two tasks with users buffered flush on the same tick from their own threads: the"
                + " batch's shared part (the scan over the item vectors) runs once, each task's"
                + " users are ranked on its own thread, and each gets its own lists in its order")
    void flushesOfOneTickShareOneCall() throws Exception {
        CombinedBatches combined = new CombinedBatches(recommender, 256, Duration.ofSeconds(30));
        List<CombinedBatches.Member> members = buffering(combined, 2);
        CombinedBatches.Member first = members.get(0);
        CombinedBatches.Member second = members.get(1);

        // the first waits for the second, which has users buffered and has not reached tick 7
        CompletableFuture<List<Recommendations>> early =
                joining(combined, 1, () -> first.recommend(7, users("a1", "a2")));
        assertThat(early).as("waits for the other task's flush").isNotDone();
        List<Recommendations> late = second.recommend(7, users("b1"));

        assertThat(ids(early.get(10, TimeUnit.SECONDS))).containsExactly("a1", "a2");
        assertThat(ids(late)).containsExactly("b1");
        assertThat(shop.scans.get()).as("shared part").isEqualTo(1);
        assertThat(scorer.calls.get()).as("one ranker call per task").isEqualTo(2);
        assertThat(scorer.threads).hasSize(2);
    }

    @Test
    @DisplayName(
            "a task with nothing buffered, or one that already ticked with nothing to flush, is not"
                    + " waited for")
    void idleTasksAreNotWaitedFor() {
        CombinedBatches combined = new CombinedBatches(recommender, 256, Duration.ofSeconds(30));
        CombinedBatches.Member busy = combined.join();
        combined.join(); // nothing buffered
        CombinedBatches.Member ticked = combined.join();
        ticked.ticked(7);
        ticked.buffering(true); // a user came after its tick: it flushes on tick 8

        long started = System.nanoTime();
        assertThat(ids(busy.recommend(7, users("u1")))).containsExactly("u1");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName(
            "a task that has users buffered but does not flush holds the round at most maxWait;"
                    + " one that closes releases it at once")
    void aRoundWaitsAtMostMaxWait() throws Exception {
        CombinedBatches combined = new CombinedBatches(recommender, 256, Duration.ofMillis(300));
        CombinedBatches.Member flushing = combined.join();
        // a task of another stream thread
        CombinedBatches.Member stuck = threads.submit(combined::join).get();
        stuck.buffering(true);

        long started = System.nanoTime();
        assertThat(ids(flushing.recommend(3, users("u1")))).containsExactly("u1");
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertThat(waited).isBetween(Duration.ofMillis(250), Duration.ofSeconds(10));

        CombinedBatches slow = new CombinedBatches(recommender, 256, Duration.ofSeconds(30));
        CombinedBatches.Member again = slow.join();
        CombinedBatches.Member leaving = slow.join();
        leaving.buffering(true);
        CompletableFuture<List<Recommendations>> waiting =
                joining(slow, 1, () -> again.recommend(4, users("u2")));
        assertThat(waiting).isNotDone();
        leaving.close();
        assertThat(ids(waiting.get(10, TimeUnit.SECONDS))).containsExactly("u2");
    }

    @Test
    @DisplayName(
            "a flush never waits for a task of its own stream thread (a thread that runs several"
                    + " tasks flushes them one after another)")
    void tasksOfTheSameThreadAreNotWaitedFor() {
        CombinedBatches combined = new CombinedBatches(recommender, 256, Duration.ofSeconds(30));
        List<CombinedBatches.Member> members = buffering(combined, 2);

        long started = System.nanoTime();
        assertThat(ids(members.get(0).recommend(3, users("u1")))).containsExactly("u1");
        assertThat(ids(members.get(1).recommend(3, users("u2")))).containsExactly("u2");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName(
            "a task whose thread is interrupted while it waits in a round (the instance stopping)"
                    + " leaves it with the error, and the round's other tasks still get their lists"
                    + " without waiting for its slice")
    void aTaskThatLeavesIsNotWaitedFor() throws Exception {
        CombinedBatches combined = new CombinedBatches(recommender, 256, Duration.ofSeconds(30));
        List<CombinedBatches.Member> members = buffering(combined, 3);
        CombinedBatches.Member leaving = members.get(0);
        CombinedBatches.Member staying = members.get(1);
        CombinedBatches.Member last = members.get(2);
        java.util.concurrent.atomic.AtomicReference<Throwable> left =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread leaver =
                new Thread(
                        () -> {
                            try {
                                leaving.recommend(5, users("x1"));
                            } catch (RuntimeException e) {
                                left.set(e);
                            }
                        });
        leaver.start();
        CompletableFuture<List<Recommendations>> waiting =
                joining(combined, 2, () -> staying.recommend(5, users("s1")));
        leaver.interrupt();
        leaver.join(10_000);
        assertThat(left.get()).hasMessageContaining("interrupted");

        CompletableFuture<List<Recommendations>> runs =
                CompletableFuture.supplyAsync(() -> last.recommend(5, users("l1")), threads);

        assertThat(ids(runs.get(10, TimeUnit.SECONDS))).containsExactly("l1");
        assertThat(ids(waiting.get(10, TimeUnit.SECONDS))).containsExactly("s1");
    }

    @Test
    @DisplayName(
            "a round holds at most maxBatch users: a flush that does not fit is left to its task"
                    + " (null), and the round goes on without it")
    void aFullRoundLeavesTheFlushToItsTask() throws Exception {
        CombinedBatches combined = new CombinedBatches(recommender, 3, Duration.ofSeconds(30));
        List<CombinedBatches.Member> members = buffering(combined, 2);
        CombinedBatches.Member first = members.get(0);
        CombinedBatches.Member second = members.get(1);

        CompletableFuture<List<Recommendations>> early =
                joining(combined, 1, () -> first.recommend(1, users("a1", "a2")));
        assertThat(second.recommend(1, users("b1", "b2"))).isNull();

        assertThat(ids(early.get(10, TimeUnit.SECONDS))).containsExactly("a1", "a2");
        assertThat(combined.join().recommend(2, users("c1", "c2", "c3", "c4"))).isNull();
    }

    @Test
    @DisplayName(
            "when one task's slice fails on its user, that task gets the failure (to score its own"
                    + " users apart) and the other task of the round still gets its lists")
    void aFailedSliceFailsOnlyItsTask() throws Exception {
        CombinedBatches combined = new CombinedBatches(recommender, 256, Duration.ofSeconds(30));
        List<CombinedBatches.Member> members = buffering(combined, 2);
        CombinedBatches.Member first = members.get(0);
        CombinedBatches.Member second = members.get(1);
        UserState poisoned = TestingShop.poisoned("bad");

        CompletableFuture<List<Recommendations>> early =
                joining(combined, 1, () -> first.recommend(2, users("a1")));

        assertThatThrownBy(() -> second.recommend(2, List.of(poisoned)))
                .hasMessageContaining("corrupt");
        assertThat(ids(early.get(10, TimeUnit.SECONDS)))
                .as("the other task's slice is its own")
                .containsExactly("a1");
    }
}

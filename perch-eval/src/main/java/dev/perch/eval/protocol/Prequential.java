package dev.perch.eval.protocol;

import dev.perch.eval.data.Interaction;
import dev.perch.eval.method.Method;
import dev.perch.eval.method.Query;
import dev.perch.eval.metrics.RankingMetrics;
import dev.perch.eval.metrics.Timeline;
import java.util.HashSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * Test-then-learn over a time-ordered stream. The first {@code warmUpShare} of the events is
 * training only (learnt and tracked, then {@link Method#fit} once: batch models see nothing later).
 * Every later event is first a target (the user's top-20 is asked and scored: scope "all", and
 * scope "new-to-user" when the user never touched the item before, scope "new-item" when the item
 * had fewer than {@link #NEW_ITEM_EVENTS} interactions before it), then learnt and tracked. The
 * methods are frozen ({@link Method#freeze}) for the test part: only the frozen-state variant stops
 * tracking, every other method keeps learning.
 */
public final class Prequential {
    /**
     * A target is in scope "new-item" when its item had fewer interactions than this before it (in
     * the whole stream, warm-up included): the cold-start slice.
     */
    public static final int NEW_ITEM_EVENTS = 5;

    private final List<Interaction> events;
    private final double warmUpShare;
    private final boolean excludeSeen;
    private final int buckets;

    /**
     * @param events the stream in event-time order
     * @param warmUpShare the share of events before the first target, e.g. 0.5
     * @param excludeSeen whether lists skip items the user already touched (MovieLens: ratings are
     *     never repeated)
     * @param buckets timeline points
     */
    public Prequential(
            List<Interaction> events, double warmUpShare, boolean excludeSeen, int buckets) {
        this.events = events;
        this.warmUpShare = warmUpShare;
        this.excludeSeen = excludeSeen;
        this.buckets = buckets;
    }

    /** The index of the first target. */
    public int firstTarget() {
        return (int) Math.round(events.size() * warmUpShare);
    }

    /** Runs {@code method}; only events of users accepted by {@code testUsers} are targets. */
    public MethodRun run(Method method, Predicate<String> testUsers, Runnable step) {
        return run(method, testUsers, false, step);
    }

    /**
     * How many targets {@link #run(Method, Predicate, boolean, Runnable)} asks for: the test part's
     * events of users accepted by {@code testUsers}, and with {@code allNewItems} every other event
     * of the test part whose item is new.
     */
    public long targets(Predicate<String> testUsers, boolean allNewItems) {
        boolean[] newItem = newItemEvents();
        long targets = 0;
        for (int i = firstTarget(); i < events.size(); i++) {
            if (testUsers.test(events.get(i).user()) || allNewItems && newItem[i]) {
                targets++;
            }
        }
        return targets;
    }

    /**
     * For each event, whether its item had fewer than {@link #NEW_ITEM_EVENTS} interactions before
     * it in the stream (warm-up included): the one definition of the "new-item" scope.
     */
    private boolean[] newItemEvents() {
        java.util.Map<String, Integer> itemEvents = new java.util.HashMap<>();
        boolean[] fresh = new boolean[events.size()];
        for (int i = 0; i < events.size(); i++) {
            String item = events.get(i).item();
            fresh[i] = itemEvents.getOrDefault(item, 0) < NEW_ITEM_EVENTS;
            itemEvents.merge(item, 1, Integer::sum);
        }
        return fresh;
    }

    /**
     * Runs {@code method}: the events of users accepted by {@code testUsers} are targets in every
     * scope; with {@code allNewItems}, the test part's events of every other user whose item is new
     * are targets too, in scope "new-item" only (a sampled run then still measures cold start on
     * all its targets: they are few, and a user sample keeps only that share of them).
     */
    public MethodRun run(
            Method method, Predicate<String> testUsers, boolean allNewItems, Runnable step) {
        long started = System.nanoTime();
        Histories histories = new Histories();
        java.util.Map<String, java.util.Set<String>> seen = new java.util.HashMap<>();
        boolean[] newItemEvents = newItemEvents();
        int cut = firstTarget();
        for (int i = 0; i < cut; i++) {
            feed(method, events.get(i), histories, seen);
        }
        method.fit();
        method.freeze(true);
        MethodRun run = new MethodRun(method.name());
        RankingMetrics all = run.scope("all");
        RankingMetrics fresh = run.scope("new-to-user");
        RankingMetrics newItem = run.scope("new-item");
        java.util.Set<String> newItemUsers = new HashSet<>();
        long targets = events.stream().skip(cut).filter(e -> testUsers.test(e.user())).count();
        Timeline.Builder timeline =
                new Timeline.Builder((int) Math.max(1, targets / Math.max(1, buckets)));
        java.util.Set<String> items = new HashSet<>();
        java.util.Set<String> users = new HashSet<>();
        for (Interaction e : events) {
            items.add(e.item());
        }
        for (int i = cut; i < events.size(); i++) {
            Interaction e = events.get(i);
            boolean sampled = testUsers.test(e.user());
            boolean isNewItem = newItemEvents[i];
            if (sampled || allNewItems && isNewItem) {
                java.util.Set<String> mine = seen.getOrDefault(e.user(), java.util.Set.of());
                Query query =
                        new Query(
                                e.user(),
                                histories.of(e.user()),
                                excludeSeen ? item -> !mine.contains(item) : item -> true);
                List<String> list = method.recommend(query, 20);
                if (sampled) {
                    users.add(e.user());
                    all.add(list, e.item());
                    if (!mine.contains(e.item())) {
                        fresh.add(list, e.item());
                    }
                    timeline.add(RankingMetrics.rankOf(list, e.item()));
                }
                if (isNewItem) {
                    newItem.add(list, e.item());
                    newItemUsers.add(e.user());
                }
                step.run();
            }
            feed(method, e, histories, seen);
        }
        method.freeze(false);
        run.catalogueSize(items.size());
        run.users("all", users.size());
        run.users("new-to-user", users.size());
        run.users("new-item", newItemUsers.size());
        run.timeline(timeline.build());
        run.seconds((System.nanoTime() - started) / 1e9);
        return run;
    }

    private static void feed(
            Method method,
            Interaction e,
            Histories histories,
            java.util.Map<String, java.util.Set<String>> seen) {
        method.learn(e, histories.context(e.user()));
        method.track(e);
        histories.add(e.user(), e.item());
        seen.computeIfAbsent(e.user(), u -> new HashSet<>()).add(e.item());
    }
}

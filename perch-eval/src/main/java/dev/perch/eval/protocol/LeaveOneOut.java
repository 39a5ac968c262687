package dev.perch.eval.protocol;

import dev.perch.eval.data.Interaction;
import dev.perch.eval.method.ItemScorer;
import dev.perch.eval.method.Method;
import dev.perch.eval.method.Query;
import dev.perch.eval.metrics.RankingMetrics;
import dev.perch.eval.metrics.SampledRank;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Leave-one-out on per-user sequences (SASRec/BERT4Rec protocol): each user's last item is the test
 * target, everything before it (the validation item included) is training data and the user's
 * history. Full ranking over every item the user never interacted with (scope "all"), and the
 * legacy sampled variant (scope "sampled"): the target against 100 negatives drawn uniformly,
 * without repetition, from the items the user never interacted with (java.util.Random seeded, users
 * in ascending id order), ties counted against the target. Scope "new-item": the targets whose item
 * had fewer than {@link Prequential#NEW_ITEM_EVENTS} training interactions (the cold-start slice).
 */
public final class LeaveOneOut {
    /** Negatives per user in the sampled variant. */
    public static final int NEGATIVES = 100;

    private final List<Interaction> training = new ArrayList<>();
    private final Map<String, String> targets = new LinkedHashMap<>();
    private final List<String> items;

    /** Splits {@code events} (in time order; each user's own order is their sequence). */
    public LeaveOneOut(List<Interaction> events) {
        Map<String, Integer> lastIndex = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            lastIndex.put(events.get(i).user(), i);
        }
        Set<Integer> testIndices = new HashSet<>(lastIndex.values());
        Set<String> allItems = new TreeSet<>();
        for (int i = 0; i < events.size(); i++) {
            Interaction e = events.get(i);
            allItems.add(e.item());
            if (testIndices.contains(i)) {
                targets.put(e.user(), e.item());
            } else {
                training.add(e);
            }
        }
        this.items = List.copyOf(allItems);
    }

    public List<Interaction> training() {
        return training;
    }

    /** The test item of each user. */
    public Map<String, String> targets() {
        return targets;
    }

    /** Every item of the dataset, sorted. */
    public List<String> items() {
        return items;
    }

    /**
     * Runs {@code method}: trains on the training events in time order, then ranks for every user
     * accepted by {@code testUsers}.
     */
    public MethodRun run(Method method, java.util.function.Predicate<String> testUsers, long seed) {
        long started = System.nanoTime();
        Histories histories = new Histories();
        for (Interaction e : training) {
            method.learn(e, histories.context(e.user()));
            method.track(e);
            histories.add(e.user(), e.item());
        }
        method.fit();
        method.freeze(true);
        MethodRun run = new MethodRun(method.name());
        run.catalogueSize(items.size());
        RankingMetrics full = run.scope("all");
        RankingMetrics newItem = run.scope("new-item");
        Map<String, Integer> itemEvents = new java.util.HashMap<>();
        training.forEach(e -> itemEvents.merge(e.item(), 1, Integer::sum));
        long newItemUsers = 0;
        RankingMetrics sampled = method instanceof ItemScorer ? run.scope("sampled") : null;
        Random random = new Random(seed);
        List<String> users = new ArrayList<>(targets.keySet());
        users.sort(LeaveOneOut::byNumericId);
        long tested = 0;
        for (String user : users) {
            if (!testUsers.test(user)) {
                continue;
            }
            tested++;
            String target = targets.get(user);
            List<String> history = histories.of(user);
            Set<String> seen = new HashSet<>(history);
            Query query = new Query(user, history, item -> !seen.contains(item));
            List<String> list = method.recommend(query, 20);
            full.add(list, target);
            if (itemEvents.getOrDefault(target, 0) < Prequential.NEW_ITEM_EVENTS) {
                newItem.add(list, target);
                newItemUsers++;
            }
            if (sampled != null) {
                ItemScorer scorer = (ItemScorer) method;
                seen.add(target);
                double[] negatives = new double[NEGATIVES];
                Set<String> drawn = new HashSet<>();
                while (drawn.size() < NEGATIVES) {
                    String item = items.get(random.nextInt(items.size()));
                    if (!seen.contains(item) && drawn.add(item)) {
                        negatives[drawn.size() - 1] = scorer.score(query, item);
                    }
                }
                sampled.addRank(SampledRank.of(scorer.score(query, target), negatives));
            }
        }
        run.users("all", tested);
        run.users("new-item", newItemUsers);
        run.users("sampled", tested);
        method.freeze(false);
        run.seconds((System.nanoTime() - started) / 1e9);
        return run;
    }

    /**
     * Drops, in one pass, the events of items with fewer than {@code min} events in {@code events}
     * (SASRec's preprocessing of MovieLens-1M with 5: 3,416 items are left).
     */
    public static List<Interaction> withItemSupport(List<Interaction> events, int min) {
        if (min <= 1) {
            return events;
        }
        Map<String, Integer> counts = new java.util.HashMap<>();
        events.forEach(e -> counts.merge(e.item(), 1, Integer::sum));
        return events.stream().filter(e -> counts.get(e.item()) >= min).toList();
    }

    /** Numeric ids in numeric order, others after them in text order. */
    static int byNumericId(String a, String b) {
        boolean na = a.chars().allMatch(Character::isDigit) && !a.isEmpty() && a.length() < 19;
        boolean nb = b.chars().allMatch(Character::isDigit) && !b.isEmpty() && b.length() < 19;
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return na ? -1 : nb ? 1 : a.compareTo(b);
    }
}

package dev.perch.eval.protocol;

import dev.perch.eval.data.Interaction;
import dev.perch.eval.method.Method;
import dev.perch.eval.method.Query;
import dev.perch.eval.metrics.RankingMetrics;
import dev.perch.eval.metrics.Timeline;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Next-click evaluation on a {@link SessionSplit}: train on the training events, then every event
 * after the first of each test session is a target given only that session's prefix; lists rank
 * every item (nothing excluded). Models are frozen; a method's real-time session state follows the
 * prefix.
 */
public final class SessionEvaluation {
    private SessionEvaluation() {}

    /** Runs {@code method} on {@code split}, adding to {@code run}'s {@code scope}. */
    public static void run(Method method, SessionSplit split, MethodRun run, String scope) {
        Histories histories = new Histories();
        Set<String> items = new HashSet<>();
        for (Interaction e : split.training()) {
            method.learn(e, histories.context(e.session()));
            method.track(e);
            histories.add(e.session(), e.item());
            items.add(e.item());
        }
        method.fit();
        RankingMetrics metrics = run.scope(scope);
        Timeline.Builder timeline = new Timeline.Builder(Math.max(1, (int) split.targets() / 50));
        Histories prefixes = new Histories();
        method.freeze(true);
        for (List<Interaction> session : split.test()) {
            for (int i = 0; i < session.size(); i++) {
                Interaction e = session.get(i);
                if (i > 0) {
                    List<String> list =
                            method.recommend(Query.of(e.session(), prefixes.of(e.session())), 20);
                    metrics.add(list, e.item());
                    timeline.add(RankingMetrics.rankOf(list, e.item()));
                }
                method.track(e);
                prefixes.add(e.session(), e.item());
            }
        }
        method.freeze(false);
        run.catalogueSize(Math.max(run.catalogueSize(), items.size()));
        run.users(scope, split.test().size());
        run.timeline(timeline.build());
    }
}

package dev.perch.eval.protocol;

import dev.perch.eval.data.Interaction;
import dev.perch.eval.method.Method;
import dev.perch.eval.method.Query;
import dev.perch.eval.metrics.RankingMetrics;
import dev.perch.eval.metrics.Timeline;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The ADER protocol (Mi et al. 2020) over time periods: period 0 is training only; for each period
 * t >= 1 every click after the first of a session is a target given that session's prefix, with
 * models built from periods before t only (real-time state may follow the session prefix); after
 * period t is tested, it is learnt and batch models refit. Scopes: "period t" per period, "all"
 * pooled, and the per-period average in the report.
 */
public final class Continual {
    private final List<List<Interaction>> periods;

    public Continual(List<List<Interaction>> periods) {
        if (periods.size() < 2) {
            throw new IllegalArgumentException("need at least two periods");
        }
        this.periods = periods;
    }

    /** Test targets over all tested periods for sessions accepted by {@code testSessions}. */
    public long targets(Predicate<String> testSessions) {
        long n = 0;
        Set<String> started = new HashSet<>();
        periods.get(0).forEach(e -> started.add(e.session()));
        for (int t = 1; t < periods.size(); t++) {
            for (Interaction e : periods.get(t)) {
                if (!started.add(e.session()) && testSessions.test(e.session())) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Runs {@code method}; {@code step} is called once per target. */
    public MethodRun run(Method method, Predicate<String> testSessions, Runnable step) {
        long started = System.nanoTime();
        Histories histories = new Histories();
        for (Interaction e : periods.get(0)) {
            method.learn(e, histories.context(e.session()));
            method.track(e);
            histories.add(e.session(), e.item());
        }
        method.fit();
        MethodRun run = new MethodRun(method.name());
        RankingMetrics all = run.scope("all");
        Timeline.Builder timeline = new Timeline.Builder(0);
        Set<String> items = new HashSet<>();
        periods.get(0).forEach(e -> items.add(e.item()));
        Set<String> sessions = new HashSet<>();
        for (int t = 1; t < periods.size(); t++) {
            List<Interaction> period = periods.get(t);
            List<List<String>> contexts = new ArrayList<>(period.size());
            RankingMetrics metrics = run.scope("period " + t);
            Set<String> tested = new HashSet<>();
            method.freeze(true);
            for (Interaction e : period) {
                contexts.add(histories.context(e.session()));
                if (!histories.of(e.session()).isEmpty() && testSessions.test(e.session())) {
                    tested.add(e.session());
                    List<String> list =
                            method.recommend(Query.of(e.session(), histories.of(e.session())), 20);
                    metrics.add(list, e.item());
                    timeline.add(RankingMetrics.rankOf(list, e.item()));
                    step.run();
                }
                method.track(e);
                histories.add(e.session(), e.item());
            }
            method.freeze(false);
            timeline.close(t);
            run.users("period " + t, tested.size());
            sessions.addAll(tested);
            all.addAll(metrics);
            for (int i = 0; i < period.size(); i++) {
                method.learn(period.get(i), contexts.get(i));
                items.add(period.get(i).item());
            }
            method.fit();
        }
        run.catalogueSize(items.size());
        run.users("all", sessions.size());
        run.timeline(timeline.build());
        run.seconds((System.nanoTime() - started) / 1e9);
        return run;
    }
}

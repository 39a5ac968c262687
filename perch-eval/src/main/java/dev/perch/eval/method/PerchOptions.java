package dev.perch.eval.method;

import dev.perch.core.itemstats.TransitionSettings;
import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.GatherSettings;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.core.recommend.WeightedSumScorer;
import dev.perch.core.replay.ReplaySettings;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings of the Perch variants in one run, parsed from {@code --perch key=value,...}: the
 * knobs chosen on validation data (docs/evaluation says how, per protocol). Keys: {@code
 * anchor-decay}, {@code follow-anchors}, {@code followers}, {@code session-items}, {@code
 * recent-anchors}, {@code neighbors}, {@code transition-steps}, {@code transition-gap-minutes}, and
 * {@code w.<feature name>} for a weight of the no-model scorer.
 *
 * @param replay the pipeline settings
 * @param fallback the no-model scorer (WeightedSumScorer.DEFAULT unless a weight is given)
 * @param spec the text it was parsed from, for the report notes ("" for the defaults)
 */
public record PerchOptions(ReplaySettings replay, CandidateScorer fallback, String spec) {
    /** Every default. */
    public static final PerchOptions DEFAULTS =
            new PerchOptions(ReplaySettings.DEFAULTS, WeightedSumScorer.DEFAULT, "");

    /** Parses {@code key=value,key=value}; null or blank gives {@link #DEFAULTS}. */
    public static PerchOptions parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return DEFAULTS;
        }
        Map<String, String> values = new TreeMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException("--perch expects key=value pairs: " + part);
            }
            values.put(kv[0].trim(), kv[1].trim());
        }
        GatherSettings g = GatherSettings.DEFAULTS;
        TransitionSettings t = TransitionSettings.DEFAULTS;
        float[] weights = null;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue();
            try {
                switch (e.getKey()) {
                    case "anchor-decay" ->
                            g =
                                    g.withSequential(
                                            g.followAnchors(),
                                            g.followersPerAnchor(),
                                            Double.parseDouble(v),
                                            g.sessionItems());
                    case "follow-anchors" ->
                            g =
                                    g.withSequential(
                                            Integer.parseInt(v),
                                            g.followersPerAnchor(),
                                            g.anchorDecay(),
                                            g.sessionItems());
                    case "followers" ->
                            g =
                                    g.withSequential(
                                            g.followAnchors(),
                                            Integer.parseInt(v),
                                            g.anchorDecay(),
                                            g.sessionItems());
                    case "session-items" ->
                            g =
                                    g.withSequential(
                                            g.followAnchors(),
                                            g.followersPerAnchor(),
                                            g.anchorDecay(),
                                            Integer.parseInt(v));
                    case "recent-anchors" ->
                            g = g.withNeighbors(Integer.parseInt(v), g.neighborsPerAnchor());
                    case "neighbors" -> g = g.withNeighbors(g.recentAnchors(), Integer.parseInt(v));
                    case "transition-steps" -> t = t.withSteps(Integer.parseInt(v));
                    case "transition-gap-minutes" ->
                            t = t.withMaxGap(Duration.ofMinutes(Long.parseLong(v)));
                    default -> {
                        if (!e.getKey().startsWith("w.")) {
                            throw new IllegalArgumentException(
                                    "unknown --perch key: " + e.getKey());
                        }
                        int column = RankingFeatures.NAMES.indexOf(e.getKey().substring(2));
                        if (column < 0) {
                            throw new IllegalArgumentException(
                                    "unknown feature "
                                            + e.getKey().substring(2)
                                            + "; expected one of "
                                            + RankingFeatures.NAMES);
                        }
                        if (weights == null) {
                            weights = WeightedSumScorer.DEFAULT.weights();
                        }
                        weights[column] = Float.parseFloat(v);
                    }
                }
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException(
                        "--perch " + e.getKey() + ": not a number: '" + v + "'", notANumber);
            }
        }
        CandidateScorer scorer =
                weights == null
                        ? WeightedSumScorer.DEFAULT
                        : new WeightedSumScorer(
                                WeightedSumScorer.DEFAULT.version() + "-tuned", weights);
        return new PerchOptions(
                ReplaySettings.DEFAULTS.withGather(g).withTransitions(t), scorer, spec.trim());
    }
}

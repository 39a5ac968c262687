package dev.perch.eval.report;

import java.util.Map;

/**
 * One line of the report: a method's metrics under one protocol on one dataset and scope.
 *
 * @param method the method's name
 * @param protocol the protocol's name
 * @param dataset the dataset's name
 * @param scope which targets ("all", "new-to-user", "sampled", "period 3", "average", ...)
 * @param metrics metric name to value (hr@10, hr@20, ndcg@10, mrr@20, coverage, recall@k, ...)
 * @param events targets scored
 * @param users users or sessions tested
 * @param seconds wall time of the method's whole run
 * @param note how it was run (sampling, scorer), empty when nothing to say
 */
public record ResultRow(
        String method,
        String protocol,
        String dataset,
        String scope,
        Map<String, Double> metrics,
        long events,
        long users,
        double seconds,
        String note) {}

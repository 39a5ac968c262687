package dev.perch.eval.method;

import dev.perch.eval.data.Interaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Matrix factorisation trained with BPR (Rendle et al. 2009) by plain SGD: one positive, one
 * uniformly sampled negative per step, seeded. Fitted on what was learnt when {@link #fit} runs and
 * frozen afterwards; users unknown at fit time get the most popular items.
 */
public final class BprMf implements Method, ItemScorer {
    private double[] scoreBuffer = new double[0]; // reused across queries: full ranking, no boxing
    private String[] nameBuffer = new String[0];

    private final int dimension;
    private final int epochs;
    private final double learningRate;
    private final double regularization;
    private final long seed;
    private final MostPopular popular = new MostPopular();
    private final Map<String, Integer> users = new HashMap<>();
    private final Map<String, Integer> items = new HashMap<>();
    private final List<String> itemNames = new ArrayList<>();
    private final List<int[]> pairs = new ArrayList<>();
    private float[][] userFactors = new float[0][];
    private float[][] itemFactors = new float[0][];

    public BprMf(int dimension, int epochs, double learningRate, double regularization, long seed) {
        this.dimension = dimension;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.regularization = regularization;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "bpr-mf";
    }

    @Override
    public void learn(Interaction event, List<String> before) {
        popular.learn(event, before);
        int u = users.computeIfAbsent(event.user(), x -> users.size());
        Integer i = items.get(event.item());
        if (i == null) {
            i = items.size();
            items.put(event.item(), i);
            itemNames.add(event.item());
        }
        pairs.add(new int[] {u, i});
    }

    @Override
    public void fit() {
        Random random = new Random(seed);
        userFactors = init(users.size(), random);
        itemFactors = init(items.size(), random);
        Set<Long> known = new HashSet<>(pairs.size() * 2);
        for (int[] p : pairs) {
            known.add(((long) p[0] << 32) | p[1]);
        }
        int n = pairs.size();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int step = 0; step < n; step++) {
                int[] p = pairs.get(random.nextInt(n));
                int j = random.nextInt(items.size());
                if (known.contains(((long) p[0] << 32) | j)) {
                    continue;
                }
                update(userFactors[p[0]], itemFactors[p[1]], itemFactors[j]);
            }
        }
    }

    private void update(float[] u, float[] i, float[] j) {
        double x = 0;
        for (int f = 0; f < dimension; f++) {
            x += u[f] * (i[f] - j[f]);
        }
        double g = 1.0 / (1.0 + Math.exp(x));
        for (int f = 0; f < dimension; f++) {
            float uf = u[f];
            u[f] += (float) (learningRate * (g * (i[f] - j[f]) - regularization * uf));
            i[f] += (float) (learningRate * (g * uf - regularization * i[f]));
            j[f] += (float) (learningRate * (-g * uf - regularization * j[f]));
        }
    }

    private float[][] init(int rows, Random random) {
        float[][] m = new float[rows][dimension];
        for (float[] row : m) {
            for (int f = 0; f < dimension; f++) {
                row[f] = (float) (random.nextGaussian() * 0.1);
            }
        }
        return m;
    }

    @Override
    public List<String> recommend(Query query, int k) {
        Integer u = users.get(query.user());
        if (u == null || u >= userFactors.length) {
            return popular.recommend(query, k);
        }
        if (scoreBuffer.length != itemFactors.length) {
            scoreBuffer = new double[itemFactors.length];
            nameBuffer = itemNames.toArray(new String[0]);
        }
        for (int i = 0; i < itemFactors.length; i++) {
            scoreBuffer[i] = dot(userFactors[u], itemFactors[i]);
        }
        return TopK.of(scoreBuffer, nameBuffer, k, query.allowed());
    }

    @Override
    public double score(Query query, String item) {
        Integer u = users.get(query.user());
        Integer i = items.get(item);
        if (u == null || i == null || u >= userFactors.length || i >= itemFactors.length) {
            return Double.NEGATIVE_INFINITY;
        }
        return dot(userFactors[u], itemFactors[i]);
    }

    private double dot(float[] a, float[] b) {
        double sum = 0;
        for (int f = 0; f < dimension; f++) {
            sum += a[f] * b[f];
        }
        return sum;
    }
}

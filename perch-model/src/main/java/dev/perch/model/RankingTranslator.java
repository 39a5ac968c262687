package dev.perch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.perch.core.recommend.FeatureMatrix;

/**
 * The ranking contract as a DJL translator: a feature block becomes one float32 [n, columns] array
 * (standardised first when the model was trained on standardised features), the model's [n] or [n,
 * 1] output becomes n scores. The caller batches, so there is no batchifier.
 */
final class RankingTranslator implements Translator<FeatureMatrix, float[]> {
    private final float[] mean;
    private final float[] scale;

    /** A translator that feeds the raw features (TorchScript). */
    static RankingTranslator raw() {
        return new RankingTranslator(null, null);
    }

    /** A translator that feeds {@code (x - mean) / scale} per column (DJL MLP). */
    static RankingTranslator standardised(float[] mean, float[] scale) {
        return new RankingTranslator(mean, scale);
    }

    private RankingTranslator(float[] mean, float[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, FeatureMatrix input) {
        float[] values = input.values();
        if (mean != null) {
            values = RankerInputs.standardise(input, mean, scale);
        }
        NDArray array = ctx.getNDManager().create(values, new Shape(input.rows(), input.columns()));
        return new NDList(array);
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        NDArray out = list.get(0);
        float[] scores = out.toType(DataType.FLOAT32, false).toFloatArray();
        long rows = out.getShape().dimension() == 0 ? 1 : out.getShape().get(0);
        if (scores.length != rows) {
            throw new IllegalStateException(
                    "the ranker returned shape "
                            + out.getShape()
                            + "; the contract is [n] or [n, 1]");
        }
        return scores;
    }

    @Override
    public Batchifier getBatchifier() {
        return null;
    }
}

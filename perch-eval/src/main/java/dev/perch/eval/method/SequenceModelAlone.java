package dev.perch.eval.method;

import dev.perch.core.recommend.ScoredId;
import dev.perch.core.sequence.SequenceModel;
import dev.perch.core.sequence.UserEncoding;
import dev.perch.eval.data.Interaction;
import java.util.List;

/**
 * The trained SASRec+ sequence model alone ({@code sasrec}, with {@code --model sequence}): every
 * allowed item ranked by the inner product of its vector and the encoding of the user's history
 * (the newest {@link SequenceModel#maxLength()} items), the way published SASRec+ figures are
 * measured. Beside {@code perch-seq} it shows what Perch's candidate gathering and ranker add to
 * (or take from) the sequence model they are built on. The model is fixed for the run; the history
 * comes with each query.
 */
public final class SequenceModelAlone implements Method {
    private final SequenceModel model;

    /** The method over {@code model} (closed by its owner, not here). */
    public SequenceModelAlone(SequenceModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "sasrec";
    }

    @Override
    public void learn(Interaction event, List<String> before) {
        // the model was trained on the protocol's training part; it does not learn online
    }

    @Override
    public List<String> recommend(Query query, int k) {
        List<String> history = query.history();
        List<String> newest =
                history.subList(Math.max(0, history.size() - model.maxLength()), history.size());
        UserEncoding encoding = model.encode(List.of(newest)).get(0);
        return model.items().nearest(encoding, k, query.allowed()).stream()
                .map(ScoredId::itemId)
                .toList();
    }
}

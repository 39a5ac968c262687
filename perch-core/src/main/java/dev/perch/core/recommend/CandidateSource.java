package dev.perch.core.recommend;

import dev.perch.events.ReasonCode;

/** The sources a candidate can come from, in the order of the reason they give the shopper. */
public enum CandidateSource {
    /** Nearest items to the user vector. */
    NEAREST(ReasonCode.PERSONAL),
    /** Co-visited with an item the user viewed or clicked recently. */
    NEIGHBORS(ReasonCode.SIMILAR_TO_VIEWED),
    /** Co-visited with an item the user put in the cart or bought. */
    BOUGHT_TOGETHER(ReasonCode.BOUGHT_TOGETHER),
    /**
     * Items whose catalog text (sentence-encoder embedding) is close to the user's recent items:
     * the source that reaches items nobody has touched yet.
     */
    CONTENT(ReasonCode.SIMILAR_TO_VIEWED),
    /** Trending in one of the user's categories or globally. */
    TRENDING(ReasonCode.TRENDING),
    /** Popular overall. */
    POPULAR(ReasonCode.POPULAR),
    /** Followed the user's latest items in other users' sequences (directional transitions). */
    FOLLOWS(ReasonCode.SIMILAR_TO_VIEWED),
    /** In the user's own recent sequence: a re-visit, scored by how recent and how repeated. */
    SESSION(ReasonCode.OTHER),
    /** Nearest items to the sequence model's encoding of the user's ordered history. */
    SEQUENCE(ReasonCode.PERSONAL);

    private final ReasonCode reason;

    CandidateSource(ReasonCode reason) {
        this.reason = reason;
    }

    /** The reason shown to the shopper for a candidate from this source. */
    public ReasonCode reason() {
        return reason;
    }
}

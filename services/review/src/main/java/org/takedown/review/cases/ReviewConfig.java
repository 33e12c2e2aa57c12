package org.takedown.review.cases;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "takedown.review")
public interface ReviewConfig {

    /**
     * Approve every candidate as soon as a case opens. Only for the demo stack, where nobody sits at
     * the console; never in production.
     */
    @WithDefault("false")
    boolean autoApprove();

    /**
     * Four eyes: an approval of more than this many items (and any approval of a site opt-out) is a
     * proposal until a second reviewer with senior-reviewer confirms it.
     */
    @WithDefault("1000")
    int fourEyesAbove();

    /**
     * Case pages of cases with more candidates than this show counts per domain and a random sample
     * instead of every candidate; the approval is then "approve all" (through four eyes above
     * {@link #fourEyesAbove()} and for site opt-outs). Site opt-outs of any size show the domain counts.
     */
    @WithDefault("200")
    int previewAbove();

    /** How many candidates the sampled preview shows. */
    @WithDefault("50")
    int previewSample();
}

package org.takedown.matching.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.takedown.matching.hash.HashingConfig;
import org.takedown.matching.match.MatchingConfig;

/** For benchmarks: the service's evidence matcher over images held in memory, as intake would serve them. */
public final class BenchEvidence {

    private BenchEvidence() {
    }

    /** A matcher whose every request has {@code images} (encoded files) as its evidence, in this order. */
    public static EvidenceMatcher matcher(List<byte[]> images, MatchingConfig config) {
        return new EvidenceMatcher(source(images), HASHING, config);
    }

    /** Matching's default hashing limits. */
    public static final HashingConfig HASHING = new HashingConfig() {
        @Override
        public long maxImageBytes() {
            return 20L << 20;
        }

        @Override
        public long maxPixels() {
            return 50_000_000;
        }
    };

    /** Evidence as intake would serve it: every request has {@code images} (encoded files), in this order. */
    public static EvidenceSource source(List<byte[]> images) {
        List<UUID> ids = new ArrayList<>();
        images.forEach(i -> ids.add(UUID.randomUUID()));
        EvidenceSource source = new EvidenceSource() {
            @Override
            public List<IntakeEvidenceClient.EvidenceView> list(UUID requestId) {
                List<IntakeEvidenceClient.EvidenceView> views = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    views.add(new IntakeEvidenceClient.EvidenceView(ids.get(i), i, 0, 0));
                }
                return views;
            }

            @Override
            public byte[] image(UUID requestId, UUID evidenceId) {
                return images.get(ids.indexOf(evidenceId));
            }
        };
        return source;
    }

    /** Matching's defaults with the given number of crop views (the demo data set test and match.FullMatchBench). */
    public static MatchingConfig config(int cropViews) {
        return config(cropViews, true);
    }

    /** Matching's defaults with the given number of crop views and reframed views on or off. */
    public static MatchingConfig config(int cropViews, boolean frameViews) {
        return config(cropViews, frameViews, true);
    }

    /** Matching's defaults with the given number of crop views, reframed views and local features on or off. */
    public static MatchingConfig config(int cropViews, boolean frameViews, boolean localFeatures) {
        return new MatchingConfig() {
            @Override
            public boolean frameViews() {
                return frameViews;
            }

            @Override
            public boolean localFeatures() {
                return localFeatures;
            }

            @Override
            public int maxCandidates() {
                return 1000;
            }

            @Override
            public int pdqMaxDistance() {
                return 31;
            }

            @Override
            public int cropViews() {
                return cropViews;
            }

            @Override
            public int captionMaxHits() {
                return 100;
            }

            @Override
            public double captionMinScore() {
                return 0;
            }
        };
    }
}

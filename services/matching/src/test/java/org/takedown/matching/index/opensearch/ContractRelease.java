package org.takedown.matching.index.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.takedown.events.NormalizedUrl;
import org.takedown.matching.embed.VectorModel;
import org.takedown.matching.embed.Vectors;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.index.LuceneDatasetIndex;
import org.takedown.matching.index.LuceneDatasetIndex.StoredView;
import org.takedown.matching.index.opensearch.OpenSearchReleaseWriter.Row;
import org.takedown.matching.pdq.FrameViews;
import org.takedown.pdq.Dihedral;
import org.takedown.pdq.PdqHash;

/**
 * The release every backend is tested with, and the answers worked out from its rows by brute force: URLs on
 * hosts and subdomains (some URLs twice), multilingual captions with accents (none of whose ASCII foldings is a
 * word of the release, so folding changes no answer), PDQ hashes in near-duplicate families with extra views and
 * hashes of low quality, and clustered image and caption vectors on fewer rows than the HNSW candidates taken
 * (so that approximate search must find them all).
 */
final class ContractRelease {

    static final String DATASET = "contract-ds";
    static final String RELEASE = "r-2026.12";
    static final VectorModel IMAGE_MODEL = new VectorModel("test-image-model", 24);
    static final VectorModel CAPTION_MODEL = new VectorModel("test-caption-model", 12);
    static final int FAMILIES = 60;
    static final String[] HOSTS = {"example.com", "img.example.com", "cdn.img.example.com", "photos.example.org",
            "example.org", "pics.example.net", "b.example.net"};
    static final String[] WORDS = {"cat", "dog", "beach", "sunset", "portrait", "woman", "man", "city", "night",
            "street", "red", "blue", "mountain", "lake", "forest", "photo", "stock", "image", "café", "köln", "niño",
            "résumé", "são", "paulo", "über", "straße", "crème", "brûlée", "naïve", "garçon", "smörgåsbord", "zürich"};

    final List<Row> rows = new ArrayList<>();
    final PdqHash[] families = new PdqHash[FAMILIES];
    final float[][] imageCentres = new float[12][];
    final float[][] captionCentres = new float[8][];

    ContractRelease(int size, long seed) {
        Random random = new Random(seed);
        for (int f = 0; f < FAMILIES; f++) {
            families[f] = random(random);
        }
        for (int c = 0; c < imageCentres.length; c++) {
            imageCentres[c] = gaussian(random, IMAGE_MODEL.dimensions(), 1f);
        }
        for (int c = 0; c < captionCentres.length; c++) {
            captionCentres[c] = gaussian(random, CAPTION_MODEL.dimensions(), 1f);
        }
        int imageVectors = 0;
        int captionVectors = 0;
        for (int i = 0; i < size; i++) {
            String url;
            if (i % 50 == 49) {
                url = rows.get(i - 1).item().url(); // the same URL twice in a release
            } else {
                String host = HOSTS[random.nextInt(HOSTS.length)];
                String raw = (random.nextBoolean() ? "https://" : "HTTP://") + host.toUpperCase(Locale.ROOT) + "/p/"
                        + (i % 400) + (random.nextInt(5) == 0 ? ".png?size=" + random.nextInt(3) : ".jpg");
                url = NormalizedUrl.parse(raw).orElseThrow();
            }
            String caption = random.nextInt(5) == 0 ? null : caption(random);
            PdqHash hash = null;
            int quality = 0;
            List<StoredView> views = new ArrayList<>();
            if (random.nextInt(100) < 85) {
                hash = near(random, families[random.nextInt(FAMILIES)], random.nextInt(46));
                quality = random.nextInt(10) == 0 ? 30 : 60 + random.nextInt(41);
                if (random.nextInt(10) < 3) {
                    FrameViews.Frame[] frames = {FrameViews.Frame.CONTENT, FrameViews.Frame.SQUARE, FrameViews.Frame.INNER};
                    int n = 1 + random.nextInt(3);
                    for (int v = 0; v < n; v++) {
                        views.add(new StoredView(frames[v], near(random, families[random.nextInt(FAMILIES)],
                                random.nextInt(40)), 40 + random.nextInt(61)));
                    }
                }
            }
            float[] image = null;
            if (imageVectors < 300 && random.nextInt(4) == 0) {
                image = around(random, imageCentres[random.nextInt(imageCentres.length)], 0.35f);
                imageVectors++;
            }
            float[] captionVector = null;
            if (captionVectors < 300 && caption != null && random.nextInt(4) == 0) {
                captionVector = around(random, captionCentres[random.nextInt(captionCentres.length)], 0.4f);
                captionVectors++;
            }
            rows.add(new Row(new IndexedItem("item-" + i, url, caption,
                    hash != null && quality >= 50 ? hash.toHex() : null), hash, quality, views, image, captionVector));
        }
    }

    private static String caption(Random random) {
        int n = 3 + random.nextInt(9);
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < n; w++) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (random.nextInt(6) == 0) {
                word = word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
            }
            text.append(w == 0 ? "" : random.nextInt(8) == 0 ? ", " : " ").append(word);
        }
        return text.toString();
    }

    static PdqHash random(Random random) {
        return PdqHash.ofWords(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }

    /** {@code hash} with {@code bits} distinct random bits flipped. */
    static PdqHash near(Random random, PdqHash hash, int bits) {
        long[] w = hash.toInt64Array().clone();
        java.util.Set<Integer> flipped = new java.util.HashSet<>();
        while (flipped.size() < bits) {
            int bit = random.nextInt(PdqHash.BITS);
            if (flipped.add(bit)) {
                w[bit / 64] ^= 1L << (bit % 64);
            }
        }
        return PdqHash.ofWords(w[0], w[1], w[2], w[3]);
    }

    static float[] gaussian(Random random, int dims, float scale) {
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = (float) random.nextGaussian() * scale;
        }
        return v;
    }

    static float[] around(Random random, float[] centre, float noise) {
        float[] v = centre.clone();
        for (int d = 0; d < v.length; d++) {
            v[d] += (float) random.nextGaussian() * noise;
        }
        return v;
    }

    /** A query's eight variants: three near members of families (distances up to {@code maxBits}), the rest unrelated. */
    Map<Dihedral, PdqHash> variants(Random random, int maxBits) {
        Map<Dihedral, PdqHash> variants = new EnumMap<>(Dihedral.class);
        for (Dihedral d : Dihedral.values()) {
            variants.put(d, random(random));
        }
        variants.put(Dihedral.ORIGINAL, near(random, families[random.nextInt(FAMILIES)], random.nextInt(maxBits + 1)));
        variants.put(Dihedral.ROTATE_90, near(random, families[random.nextInt(FAMILIES)], random.nextInt(maxBits + 1)));
        variants.put(Dihedral.FLIP_X, near(random, families[random.nextInt(FAMILIES)], random.nextInt(maxBits + 1)));
        return variants;
    }

    /** The release in embedded Lucene: the same documents the ingester writes, the models in the commit. */
    LuceneDatasetIndex embedded(java.nio.file.Path dir) {
        try (org.apache.lucene.store.FSDirectory directory = org.apache.lucene.store.FSDirectory.open(dir);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()))) {
            for (Row row : rows) {
                Document doc = row.hash() == null ? LuceneDatasetIndex.document(row.item())
                        : LuceneDatasetIndex.document(row.item(), row.hash(), row.quality(), row.views());
                if (row.imageVector() != null) {
                    doc.add(LuceneDatasetIndex.imageEmbedding(row.imageVector()));
                }
                if (row.captionVector() != null) {
                    doc.add(LuceneDatasetIndex.captionEmbedding(row.captionVector()));
                }
                writer.addDocument(doc);
            }
            writer.setLiveCommitData(Map.of(
                    VectorModel.IMAGE_MODEL, IMAGE_MODEL.id(), VectorModel.IMAGE_DIMS, Integer.toString(IMAGE_MODEL.dimensions()),
                    VectorModel.CAPTION_MODEL, CAPTION_MODEL.id(), VectorModel.CAPTION_DIMS,
                    Integer.toString(CAPTION_MODEL.dimensions())).entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LuceneDatasetIndex.open(dir, DATASET, RELEASE);
    }

    /** The release written to OpenSearch with {@code shards} primary shards. */
    OpenSearchDatasetIndex openSearch(OpenSearchHttp http, String prefix, int shards) {
        OpenSearchReleaseWriter writer = OpenSearchReleaseWriter.create(http, prefix, DATASET, RELEASE, shards, 0,
                Optional.of(IMAGE_MODEL), Optional.of(CAPTION_MODEL));
        rows.forEach(writer::add);
        return writer.finish();
    }

    // ---- answers by brute force ----

    List<IndexedItem> byUrl(String url) {
        return rows.stream().map(Row::item).filter(i -> i.url().equals(url)).toList();
    }

    DatasetIndex.Page byDomainOrPrefix(String domainOrPrefix, int limit) {
        List<IndexedItem> all = rows.stream().map(Row::item).filter(i -> domainOrPrefix.contains("://")
                ? i.url().startsWith(domainOrPrefix)
                : (NormalizedUrl.host(i.url()).equals(domainOrPrefix) || NormalizedUrl.host(i.url()).endsWith("." + domainOrPrefix)))
                .toList();
        return new DatasetIndex.Page(all.subList(0, Math.min(limit, all.size())), all.size());
    }

    long hashedItems() {
        return rows.stream().filter(r -> r.hash() != null && (r.quality() >= 50 || r.views().stream().anyMatch(v -> v.quality() >= 50)))
                .count();
    }

    /**
     * PDQ by brute force, as {@link DatasetIndex#byPdq(Map, int, DatasetIndex.PdqScope)} specifies: each item once,
     * through its own hash when that is within the distance, else through its nearest view (the first stored of equally
     * near ones); each hash by its nearest variant (the first in enum order of equally near ones); nearest first,
     * own hashes before views, then release order. Distances beyond 31 are searched as 31.
     */
    List<DatasetIndex.PdqHit> byPdq(Map<Dihedral, PdqHash> variants, int maxDistance, DatasetIndex.PdqScope scope) {
        int radius = Math.min(maxDistance, 31);
        record Found(int ord, DatasetIndex.PdqHit hit) {
        }
        List<Found> found = new ArrayList<>();
        for (int ord = 0; ord < rows.size(); ord++) {
            Row row = rows.get(ord);
            if (row.hash() == null) {
                continue;
            }
            DatasetIndex.PdqHit hit = null;
            if (row.quality() >= 50) {
                int[] best = nearest(row.hash(), variants);
                if (best[0] <= radius) {
                    hit = new DatasetIndex.PdqHit(row.item(), best[0], Dihedral.values()[best[1]], row.quality(), FrameViews.Frame.FULL);
                }
            }
            if (hit == null && scope == DatasetIndex.PdqScope.WITH_VIEWS) {
                for (StoredView view : row.views()) {
                    if (view.quality() < 50) {
                        continue;
                    }
                    int[] best = nearest(view.hash(), variants);
                    if (best[0] <= radius && (hit == null || best[0] < hit.distance())) {
                        hit = new DatasetIndex.PdqHit(row.item(), best[0], Dihedral.values()[best[1]], view.quality(), view.frame());
                    }
                }
            }
            if (hit != null) {
                found.add(new Found(ord, hit));
            }
        }
        found.sort(Comparator.comparingInt((Found f) -> f.hit().distance())
                .thenComparing(f -> f.hit().itemFrame() != FrameViews.Frame.FULL).thenComparingInt(Found::ord));
        return found.stream().map(Found::hit).toList();
    }

    private static int[] nearest(PdqHash hash, Map<Dihedral, PdqHash> variants) {
        int[] best = {Integer.MAX_VALUE, -1};
        for (Dihedral d : Dihedral.values()) {
            PdqHash v = variants.get(d);
            if (v != null) {
                int distance = 0;
                for (int w = 0; w < 4; w++) {
                    distance += Long.bitCount(hash.word(w) ^ v.word(w));
                }
                if (distance < best[0]) {
                    best[0] = distance;
                    best[1] = d.ordinal();
                }
            }
        }
        return best;
    }

    /** The exact {@code k} nearest by cosine (Lucene's, as the re-ranking computes it), then release order. */
    List<DatasetIndex.VectorHit> nearest(float[] query, int k, boolean image) {
        record Scored(int ord, DatasetIndex.VectorHit hit) {
        }
        List<Scored> scored = new ArrayList<>();
        for (int ord = 0; ord < rows.size(); ord++) {
            Row row = rows.get(ord);
            float[] v = image ? row.imageVector() : row.captionVector();
            if (v != null) {
                float[] stored = image ? v : Vectors.normalize(v.clone());
                scored.add(new Scored(ord, new DatasetIndex.VectorHit(row.item(),
                        2.0 * VectorSimilarityFunction.COSINE.compare(query, stored) - 1.0)));
            }
        }
        scored.sort(Comparator.comparingDouble((Scored s) -> s.hit().similarity()).reversed().thenComparingInt(Scored::ord));
        return scored.stream().limit(k).map(Scored::hit).toList();
    }

    /** Items by id, for readable failures. */
    Map<String, Row> byId() {
        Map<String, Row> map = new HashMap<>();
        rows.forEach(r -> map.put(r.item().itemId(), r));
        return map;
    }
}

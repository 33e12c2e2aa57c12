package org.takedown.matching.embed;

/** Small vector helpers shared by the embedders, the index and the tests. */
public final class Vectors {

    private Vectors() {
    }

    /**
     * {@code v} scaled to unit length, in place.
     *
     * @throws IllegalArgumentException if a component is not finite or the vector is all zeros
     */
    public static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("the vector has a component that is not finite");
            }
            sum += (double) x * x;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("the vector is all zeros");
        }
        float scale = (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }

    /** The dot product: the cosine similarity of two unit vectors. */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}

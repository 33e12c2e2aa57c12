package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Why one signal found a candidate, for the reviewer: the raw score as that signal measures it
 * (a PDQ Hamming distance in bits, a similarity, a BM25 score; null where the signal has none, such
 * as an exact URL) and a short public explanation (e.g. {@code evidence image 2, rotated 90°}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignalScore(String signal, Double score, String detail) {
}

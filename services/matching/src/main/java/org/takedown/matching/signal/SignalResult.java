package org.takedown.matching.signal;

import java.util.List;
import org.takedown.matching.match.Signal;

/**
 * What one search of one signal in one release found: its hits, how many more it left out (a capped domain
 * or caption search), and why it could not run, if it could not (stored as a note in the explanation).
 */
public record SignalResult(List<SignalHit> hits, long overflow, List<Note> notes) {

    public SignalResult {
        hits = List.copyOf(hits);
        notes = List.copyOf(notes);
    }

    public static SignalResult of(List<SignalHit> hits) {
        return new SignalResult(hits, 0, List.of());
    }

    public static SignalResult of(List<SignalHit> hits, long overflow) {
        return new SignalResult(hits, overflow, List.of());
    }

    public static SignalResult skipped(Signal signal, String why) {
        return new SignalResult(List.of(), 0, List.of(new Note(signal, why)));
    }

    /** Why a signal did not run in a release. */
    public record Note(Signal signal, String detail) {
    }
}

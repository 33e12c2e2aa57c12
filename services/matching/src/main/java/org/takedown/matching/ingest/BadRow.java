package org.takedown.matching.ingest;

/** A manifest row that was skipped: its line number and why (never the row's content). */
public record BadRow(long line, String reason) {
}

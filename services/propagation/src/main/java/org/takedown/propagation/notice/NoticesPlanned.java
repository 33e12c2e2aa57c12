package org.takedown.propagation.notice;

/**
 * New notices are due now: fired in the transaction that planned them, so that the dispatcher, told after the
 * commit, starts delivering at once instead of at its next scheduled look.
 *
 * @param count how many were planned
 */
public record NoticesPlanned(int count) {
}

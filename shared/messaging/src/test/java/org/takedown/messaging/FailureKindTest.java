package org.takedown.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.takedown.events.EventCodec;

class FailureKindTest {

    @Test
    void aDatabaseThatCannotBeReachedIsTransient() {
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new JDBCConnectionException("I/O error",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"))));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new IllegalStateException(
                new SQLTransientConnectionException("Acquisition timeout while waiting for new connection"))));
    }

    @Test
    void aDatabaseShuttingDownOrASerializationConflictIsTransient() {
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new PersistenceException(new SQLException("terminating connection", "57P01"))));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new PersistenceException(new SQLException("could not serialize", "40001"))));
    }

    @Test
    void anotherTransactionChangingTheSameRowFirstIsTransient() {
        // As intake saw it under load: a review decision and a notice for one request applied at once in two
        // channels, the second flush finding the request's version moved on.
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new jakarta.persistence.OptimisticLockException(
                new org.hibernate.StaleStateException("Batch update returned unexpected row count from update [0]"))));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new org.hibernate.StaleObjectStateException("TakedownRequest", 1L)));
    }

    @Test
    void aCommitThatFailedIsTransient() {
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new IllegalStateException(new RollbackException("commit failed"))));
    }

    @Test
    void anIntegrityViolationIsDeterministicEvenWhenReportedAtCommit() {
        SQLException unique = new SQLException("duplicate key value violates unique constraint", "23505");
        RollbackException atCommit = new RollbackException("commit failed");
        atCommit.initCause(new ConstraintViolationException("duplicate", unique, "uk_case"));
        assertEquals(FailureKind.DETERMINISTIC, FailureKind.of(atCommit));
        assertEquals(FailureKind.DETERMINISTIC, FailureKind.of(new PersistenceException(new SQLException("value too long", "22001"))));
    }

    @Test
    void anotherServiceUnreachableOrFailingIsTransient() {
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new ProcessingException(new ConnectException("Connection refused"))));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new WebApplicationException(503)));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new WebApplicationException(429)));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new WebApplicationException(401)));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new UncheckedIOException(new java.io.IOException("reset"))));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new TimeoutException("timed out")));
    }

    @Test
    void anotherServiceRefusingTheRequestForGoodIsDeterministic() {
        assertEquals(FailureKind.DETERMINISTIC, FailureKind.of(new WebApplicationException(404)));
        assertEquals(FailureKind.DETERMINISTIC, FailureKind.of(new WebApplicationException(422)));
    }

    @Test
    void aMalformedEventOrAViolatedInvariantIsDeterministic() {
        assertEquals(FailureKind.DETERMINISTIC, FailureKind.of(new EventCodec.MalformedEventException("not a valid RequestVerified")));
        assertEquals(FailureKind.DETERMINISTIC, FailureKind.of(new InvariantViolation("no such case")));
        // Even when it wraps something that would pass on its own: the effect said so.
        assertEquals(FailureKind.DETERMINISTIC, FailureKind.of(new InvariantViolation("no such case", new SQLException("x", "08006"))));
    }

    @Test
    void aProgrammingErrorIsDeterministic() {
        assertEquals(FailureKind.DETERMINISTIC, FailureKind.of(new NullPointerException("flags")));
        assertEquals(FailureKind.DETERMINISTIC, FailureKind.of(new IllegalStateException("case already decided")));
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        IllegalStateException first = new IllegalStateException("a");
        IllegalArgumentException second = new IllegalArgumentException("b", first);
        first.initCause(second);
        assertEquals(FailureKind.DETERMINISTIC, FailureKind.of(first));
    }
}

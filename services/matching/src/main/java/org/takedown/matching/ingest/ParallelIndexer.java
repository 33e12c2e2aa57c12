package org.takedown.matching.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;

/**
 * Adds documents to one {@link IndexWriter} from several threads: Lucene's writer is thread-safe
 * and gives each thread its own in-memory segment, so analysis (the bulk of ingestion) runs on
 * every core. The reading thread hands over batches; at most two batches per thread are in flight,
 * so memory stays bounded and the reader never runs far ahead. {@link #drain()} waits until every
 * document handed over is in the writer: called before each checkpoint commit, so a checkpoint
 * still covers exactly the rows read before it.
 */
final class ParallelIndexer implements AutoCloseable {

    private final IndexWriter writer;
    private final int batchSize;
    private final ExecutorService pool;
    private final Semaphore inFlight;
    private final List<Future<?>> pending = new ArrayList<>();
    private List<Document> batch;

    ParallelIndexer(IndexWriter writer, int threads, int batchSize) {
        this.writer = writer;
        this.batchSize = batchSize;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ingest-index-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.inFlight = new Semaphore(2 * threads);
        this.batch = new ArrayList<>(batchSize);
    }

    /** Hands one document over; it is in the writer at the latest after the next {@link #drain()}. */
    void add(Document doc) throws IOException {
        batch.add(doc);
        if (batch.size() >= batchSize) {
            submit();
        }
    }

    private void submit() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<Document> docs = batch;
        batch = new ArrayList<>(batchSize);
        // Uninterruptibly: an interrupt stays set and stops the run at the next checkpoint, as without threads.
        inFlight.acquireUninterruptibly();
        try {
            pending.add(pool.submit(() -> {
                try {
                    for (Document doc : docs) {
                        writer.addDocument(doc);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    inFlight.release();
                }
                return null;
            }));
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
        // Finished batches are forgotten as we go, and the first failure surfaces early.
        for (java.util.Iterator<Future<?>> it = pending.iterator(); it.hasNext(); ) {
            Future<?> f = it.next();
            if (f.isDone()) {
                await(f);
                it.remove();
            }
        }
    }

    /** Waits until everything handed over is in the writer; rethrows the first failure of an indexing thread. */
    void drain() throws IOException {
        submit();
        for (Future<?> f : pending) {
            await(f);
        }
        pending.clear();
    }

    private static void await(Future<?> f) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // finish the batch: the writer must be quiet before a commit or close
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the threads after the batches in flight (whose documents are then rolled back with the writer, if not committed). */
    @Override
    public void close() {
        pool.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

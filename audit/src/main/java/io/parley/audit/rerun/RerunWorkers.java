package io.parley.audit.rerun;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.parley.topics.RegistrySerdes;
import org.apache.kafka.common.utils.Utils;

/**
 * Re-runs conversations on several threads, each with an offline engine of its own. A session always
 * goes to the same thread, so its commands are applied in log order and its state is touched by one
 * thread only, as in the engine, where a session belongs to one partition's task.
 */
final class RerunWorkers implements AutoCloseable {

    private static final Runnable DONE = () -> { };

    private final List<Worker> workers = new ArrayList<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** Tasks handed to a worker at once: one hand-over per command cost more than re-running it. */
    private static final int BATCH = 256;

    private final class Worker {
        /** Bounded: the log is read no faster than it is re-run, in constant memory. */
        final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(16);
        final OfflineEngine engine;
        final Thread thread;
        /** Tasks not yet handed over, filled by the reading thread only. */
        List<Runnable> batch = new ArrayList<>(BATCH);

        Worker(RegistrySerdes serdes, int index) {
            engine = new OfflineEngine(serdes);
            thread = new Thread(this::work, "rerun-" + index);
            thread.start();
        }

        private void work() {
            try {
                for (Runnable task = queue.take(); task != DONE; task = queue.take()) {
                    // After a failure the queue is still drained, so the reader is never blocked on it.
                    if (failure.get() == null) {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    RerunWorkers(RegistrySerdes serdes, int threads) {
        for (int i = 0; i < threads; i++) {
            workers.add(new Worker(serdes, i));
        }
    }

    /** Runs {@code task} on the thread that owns {@code session}, after the session's earlier tasks. */
    void submit(String session, Consumer<OfflineEngine> task) {
        Worker worker = workers.get(Utils.toPositive(session.hashCode()) % workers.size());
        worker.batch.add(() -> task.accept(worker.engine));
        if (worker.batch.size() == BATCH) {
            handOver(worker);
        }
    }

    private void handOver(Worker worker) {
        List<Runnable> tasks = worker.batch;
        worker.batch = new ArrayList<>(BATCH);
        try {
            if (failure.get() == null && !tasks.isEmpty()) {
                worker.queue.put(() -> tasks.forEach(Runnable::run));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits for every task submitted; rethrows the first failure of any. */
    @Override
    public void close() {
        try {
            for (Worker worker : workers) {
                handOver(worker);
                worker.queue.put(DONE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Worker worker : workers) {
            try {
                worker.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker.engine.close();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}

package dev.strait.gateway.upstream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/** A scheduler whose tasks run only when the test says so. */
final class ManualScheduler extends AbstractLifeCycle implements Scheduler {
    /** A scheduled task, with the delay it asked for. */
    static final class ManualTask implements Task {
        final Runnable task;
        final long delayNanos;
        volatile boolean cancelled;

        ManualTask(Runnable task, long delayNanos) {
            this.task = task;
            this.delayNanos = delayNanos;
        }

        @Override
        public boolean cancel() {
            boolean was = cancelled;
            cancelled = true;
            return !was;
        }
    }

    private final List<ManualTask> tasks = new CopyOnWriteArrayList<>();

    @Override
    public Task schedule(Runnable task, long delay, TimeUnit unit) {
        ManualTask scheduled = new ManualTask(task, unit.toNanos(delay));
        tasks.add(scheduled);
        return scheduled;
    }

    List<ManualTask> tasks() {
        return List.copyOf(tasks);
    }

    /** Runs every task that was not cancelled, as if its time had come. */
    void fireAll() {
        for (ManualTask task : tasks) {
            if (!task.cancelled) {
                task.task.run();
            }
        }
        tasks.clear();
    }
}

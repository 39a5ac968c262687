package dev.perch.modelserver;

import dev.perch.events.Recommendations;
import dev.perch.events.UserState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One model call for the micro-batches that the tasks of one instance flush on the same tick.
 *
 * <p>Each task (one per partition of perch.user-state, each on its own stream thread by default)
 * buffers its users and flushes them on a wall-clock tick; scored apart, a tick costs one model
 * call per task, and the call's fixed part (the sequence encoder's few dozen engine operations, the
 * batch's scans over the item vectors) was the largest item of the model server at the live rates
 * (issue 16's profiles: at 1,000 events/s the encoder alone took 0.15 cores, nearly the same as at
 * 250 events/s). So the tasks flush on a common grid ({@code tick}: the wall clock divided by the
 * batch interval) and meet here: a flush joins the round that is open and waits until every other
 * task that has users buffered and has not yet flushed on this tick has joined, or until {@code
 * maxWait} has passed since the round opened; then one of them scores the whole round, {@code
 * maxBatch} users per model call, and each task gets its own lists back, to publish from its own
 * thread (a task's lists and store writes stay in its own context). A task with nothing buffered is
 * not waited for, so a single busy task, or tests with one task, never wait.
 *
 * <p>A round whose model call fails hands each task of it the failure; each then scores its own
 * users apart (see {@link MicroBatchProcessor}), so one task's bad user never fails another's users
 * twice.
 */
final class CombinedBatches {
    private final BatchRecommender recommender;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Object lock = new Object();

    /** The tasks of this instance (guarded by {@link #lock}). */
    private final Set<Member> members = new HashSet<>();

    /** The round that flushes join (guarded by {@link #lock}); null: none open. */
    private Round open;

    /**
     * @param maxBatch the most users per model call
     * @param maxWait how long a round waits for the other tasks' flushes at most
     */
    CombinedBatches(BatchRecommender recommender, int maxBatch, Duration maxWait) {
        this.recommender = Objects.requireNonNull(recommender, "recommender");
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** A task's place in the rounds, from its start ({@code init}) to its close. */
    Member join() {
        synchronized (lock) {
            Member member = new Member();
            members.add(member);
            return member;
        }
    }

    /** One task's flush in a round: its users, then their lists or the round's failure. */
    private static final class Request {
        final Member member;
        final List<UserState> states;
        List<Recommendations> lists;
        RuntimeException failure;
        boolean done;

        Request(Member member, List<UserState> states) {
            this.member = member;
            this.states = states;
        }
    }

    /** The flushes scored together. */
    private static final class Round {
        final long tick;
        final long deadline;
        final List<Request> requests = new ArrayList<>();
        boolean taken;

        Round(long tick, long deadline) {
            this.tick = tick;
            this.deadline = deadline;
        }

        boolean holds(Member member) {
            for (Request request : requests) {
                if (request.member == member) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One task's side: what it has buffered, which tick it flushed last, its flushes. */
    final class Member implements AutoCloseable {
        /** Whether the task has users buffered (written by its thread, read by the others). */
        private volatile boolean buffering;

        /** The last tick the task reached (guarded by {@link #lock}). */
        private long lastTick = Long.MIN_VALUE;

        private Member() {}

        /** The task's buffer went from empty to not empty, or was handed over. */
        void buffering(boolean has) {
            buffering = has;
        }

        /** The task reached {@code tick}, whether or not it has users to flush on it. */
        void ticked(long tick) {
            synchronized (lock) {
                lastTick = Math.max(lastTick, tick);
                lock.notifyAll(); // a round waiting for this task need not wait any longer
            }
        }

        /**
         * The lists of {@code states} (this task's flush on {@code tick}), in their order, scored
         * in one round with the other tasks' flushes of the tick.
         *
         * @throws RuntimeException the round's model call failed (the task scores its users apart)
         */
        List<Recommendations> recommend(long tick, List<UserState> states) {
            Request mine = new Request(this, states);
            Round round;
            synchronized (lock) {
                lastTick = Math.max(lastTick, tick);
                if (open == null) {
                    open = new Round(tick, System.nanoTime() + maxWaitNanos);
                }
                round = open;
                round.requests.add(mine);
                lock.notifyAll();
                while (true) {
                    if (mine.done) {
                        return result(mine);
                    }
                    long left = round.deadline - System.nanoTime();
                    if (!round.taken && (left <= 0 || !othersExpected(round))) {
                        round.taken = true;
                        open = null;
                        break;
                    }
                    waitOn(round.taken ? Long.MAX_VALUE : left);
                }
            }
            run(round);
            synchronized (lock) {
                return result(mine);
            }
        }

        /** Leaves the rounds: the task closed; no round waits for it any longer. */
        @Override
        public void close() {
            synchronized (lock) {
                members.remove(this);
                lock.notifyAll();
            }
        }
    }

    /** Whether a task not in {@code round} has users buffered and has not reached its tick. */
    private boolean othersExpected(Round round) {
        for (Member member : members) {
            if (member.buffering && member.lastTick < round.tick && !round.holds(member)) {
                return true;
            }
        }
        return false;
    }

    private void waitOn(long nanos) {
        try {
            if (nanos == Long.MAX_VALUE) {
                lock.wait();
            } else {
                lock.wait(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a combined batch", e);
        }
    }

    /**
     * Scores every request of {@code round}, {@code maxBatch} users per call; a request with a user
     * in a failed call gets the failure. Every request is done at the end, whatever happens.
     */
    private void run(Round round) {
        List<UserState> all = new ArrayList<>();
        for (Request request : round.requests) {
            all.addAll(request.states);
        }
        Recommendations[] lists = new Recommendations[all.size()];
        RuntimeException failure = null;
        try {
            for (int from = 0; from < all.size(); from += maxBatch) {
                int to = Math.min(all.size(), from + maxBatch);
                try {
                    List<Recommendations> scored = recommender.recommend(all.subList(from, to));
                    for (int i = from; i < to; i++) {
                        lists[i] = scored.get(i - from);
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        } finally {
            synchronized (lock) {
                int at = 0;
                for (Request request : round.requests) {
                    List<Recommendations> own = new ArrayList<>(request.states.size());
                    for (int i = 0; i < request.states.size() && own != null; i++) {
                        own = lists[at + i] == null ? null : own;
                        if (own != null) {
                            own.add(lists[at + i]);
                        }
                    }
                    at += request.states.size();
                    request.lists = own;
                    request.failure =
                            own != null
                                    ? null
                                    : failure != null
                                            ? failure
                                            : new IllegalStateException(
                                                    "the combined batch did not complete");
                    request.done = true;
                }
                lock.notifyAll();
            }
        }
    }

    private static List<Recommendations> result(Request request) {
        if (request.failure != null) {
            throw request.failure;
        }
        return request.lists;
    }
}

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
 * One shared part for the micro-batches that the tasks of one instance flush on the same tick.
 *
 * <p>Each task (one per partition of perch.user-state, each on its own stream thread by default)
 * buffers its users and flushes them on a wall-clock tick. Scored apart, a tick costs each task the
 * batch's fixed part: the sequence encoder's call (a few dozen engine operations whatever the
 * batch's size) and the scans over the item vectors, which were the largest item of the model
 * server at the live rates (issue 16's profiles: at 1,000 events/s the encoder alone took 0.15
 * cores, nearly as much as at 250 events/s). So the tasks flush on a common grid ({@code tick}: the
 * wall clock divided by the batch interval) and meet here: a flush joins the round that is open and
 * waits until every other task that has users buffered and has not yet reached this tick has
 * joined, or until {@code maxWait} has passed since the round opened. Then one of them does the
 * round's shared part ({@link BatchRecommender#together}: {@link
 * dev.perch.core.recommend.Recommender#begin}) for all the round's users, and each task ranks its
 * own users (gathering, features, the ranker's call) on its own thread, in parallel as before, and
 * publishes them from its own context. A task with nothing buffered is not waited for, so a single
 * busy task, or tests with one task, never wait. A round holds at most {@code maxBatch} users; a
 * flush that does not fit is scored apart.
 *
 * <p>When the round's shared part fails, every task of the round gets the failure; when a task's
 * own slice fails, only that task does. Either then scores its users apart (see {@link
 * MicroBatchProcessor}), so one task's bad user never fails another's users twice.
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
     * @param maxBatch the most users per round (the model calls of a micro-batch)
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

    /** How many tasks' flushes the open round holds (none open: 0); for tests. */
    int joined() {
        synchronized (lock) {
            return open == null ? 0 : open.requests.size();
        }
    }

    /** A task's place in the rounds, from its start ({@code init}) to its close. */
    Member join() {
        synchronized (lock) {
            Member member = new Member();
            members.add(member);
            return member;
        }
    }

    /** One task's flush in a round: its users, where they start in the round, its outcome. */
    private static final class Request {
        final Member member;
        final List<UserState> states;
        final int offset;

        /** The round's shared part, once done (guarded by {@link #lock}). */
        BatchRecommender.Slices slices;

        /** The round's shared part failed (guarded by {@link #lock}). */
        RuntimeException failure;

        /** The task left the round before its slice came (guarded by {@link #lock}). */
        boolean left;

        Request(Member member, List<UserState> states, int offset) {
            this.member = member;
            this.states = states;
            this.offset = offset;
        }

        List<Recommendations> lists(BatchRecommender.Slices of) {
            return of.lists(offset, offset + states.size());
        }
    }

    /** The flushes scored together. */
    private static final class Round {
        final long tick;
        final long deadline;
        final List<Request> requests = new ArrayList<>();
        int users;
        boolean taken;

        /** Slices handed to the other tasks and not yet ranked. */
        int unranked;

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
        /**
         * The stream thread that runs the task (the one that joined: a task's processor starts,
         * ticks and flushes on its thread). A thread that runs several tasks flushes them one after
         * another, so a flush never waits for a task of its own thread: it could not come.
         */
        private final Thread owner = Thread.currentThread();

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
                reached(tick);
            }
        }

        /**
         * Under the lock: this task is no longer awaited on {@code tick}; the waiters look again.
         */
        private void reached(long tick) {
            lastTick = Math.max(lastTick, tick);
            lock.notifyAll();
        }

        /**
         * The lists of {@code states} (this task's flush on {@code tick}), in their order: the
         * round's shared part done once for every task's flush of the tick, this task's slice
         * ranked on this thread. Null when the round is already full ({@code maxBatch} users, or
         * {@code states} alone are more): the caller scores them apart.
         *
         * @throws RuntimeException the round's shared part or this slice failed (the task scores
         *     its users apart)
         */
        List<Recommendations> recommend(long tick, List<UserState> states) {
            Request mine;
            Round round;
            synchronized (lock) {
                reached(tick); // joined or not
                if ((open == null ? 0 : open.users) + states.size() > maxBatch) {
                    return null;
                }
                if (open == null) {
                    open = new Round(tick, System.nanoTime() + maxWaitNanos);
                }
                round = open;
                mine = new Request(this, states, round.users);
                round.users += states.size();
                round.requests.add(mine);
                while (mine.slices == null && mine.failure == null) {
                    long left = round.deadline - System.nanoTime();
                    if (!round.taken && (left <= 0 || !othersExpected(round))) {
                        round.taken = true;
                        open = null;
                        break;
                    }
                    try {
                        waitOn(round.taken ? Long.MAX_VALUE : left);
                    } catch (RuntimeException interrupted) {
                        // leaving (the thread is stopping): the round must not wait for this slice
                        mine.left = true;
                        throw interrupted;
                    }
                }
                if (mine.failure != null) {
                    throw mine.failure;
                }
            }
            if (mine.slices == null) {
                return run(round, mine);
            }
            try {
                return mine.lists(mine.slices);
            } finally {
                synchronized (lock) {
                    round.unranked--;
                    lock.notifyAll();
                }
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

    /**
     * Whether a task not in {@code round}, run by another thread than the calling one, has users
     * buffered and has not reached its tick.
     */
    private boolean othersExpected(Round round) {
        Thread waiting = Thread.currentThread();
        for (Member member : members) {
            if (member.buffering
                    && member.lastTick < round.tick
                    && member.owner != waiting
                    && !round.holds(member)) {
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
     * Does {@code round}'s shared part on this thread, hands the other tasks their slices, ranks
     * {@code mine}, and returns once every slice is ranked (the model stays open until then). When
     * the shared part fails, every task of the round gets the failure.
     */
    private List<Recommendations> run(Round round, Request mine) {
        List<UserState> all = new ArrayList<>(round.users);
        for (Request request : round.requests) {
            all.addAll(request.states);
        }
        try {
            List<Recommendations> lists =
                    recommender.together(
                            all,
                            slices -> {
                                synchronized (lock) {
                                    // a task that left while the shared part ran is not waited for
                                    round.unranked = 0;
                                    for (Request request : round.requests) {
                                        request.slices = slices;
                                        if (request != mine && !request.left) {
                                            round.unranked++;
                                        }
                                    }
                                    lock.notifyAll();
                                }
                                try {
                                    return mine.lists(slices);
                                } finally {
                                    synchronized (lock) {
                                        while (round.unranked > 0) {
                                            waitOn(Long.MAX_VALUE);
                                        }
                                    }
                                }
                            });
            return lists;
        } catch (RuntimeException e) {
            fail(round, e);
            throw e;
        } catch (Error e) {
            fail(round, new IllegalStateException("the combined batch failed: " + e, e));
            throw e;
        }
    }

    /** The tasks of {@code round} still waiting for its shared part get {@code failure}. */
    private void fail(Round round, RuntimeException failure) {
        synchronized (lock) {
            for (Request request : round.requests) {
                if (request.slices == null && request.failure == null) {
                    request.failure = failure;
                }
            }
            lock.notifyAll();
        }
    }
}

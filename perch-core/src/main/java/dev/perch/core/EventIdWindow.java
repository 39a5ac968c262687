package dev.perch.core;

import java.util.Arrays;

/**
 * The event ids one user sent within the dedup window, kept in the user's {@link UserProfile} so
 * that the user-state job's duplicate check and its memory of a new id cost no keyed-state read or
 * write of their own (a map state of ids and a timer per event were a fifth of the job's per-user
 * thread).
 *
 * <p>An id counts while the watermark has not passed its event time plus the window (the job's
 * {@code dedup-window}): {@link #holds}. Ids are kept as 64-bit hashes (16 bytes an id with its
 * time, instead of the string's 40-odd; a new id matches one of 32 kept by chance with a
 * probability of 32 in 2<sup>64</sup>, and is then refused as a duplicate dead letter). A caller
 * keeps at most a capacity of them here; an id that finds no room it keeps elsewhere (the job: its
 * map state, with a timer) and records with {@link #withSpilled}, and it asks there while {@link
 * #mayHaveSpilled}. Users who send fewer events than the capacity within a window never spill.
 *
 * @param hashes the ids' hashes ({@link #hash}), oldest first
 * @param times each id's event time (epoch milliseconds)
 * @param spilledUntil the watermark (epoch milliseconds) from which no id kept elsewhere counts any
 *     more; {@link Long#MIN_VALUE} when none was
 */
public record EventIdWindow(long[] hashes, long[] times, long spilledUntil) {

    /** No ids, none kept elsewhere. */
    public static final EventIdWindow EMPTY =
            new EventIdWindow(new long[0], new long[0], Long.MIN_VALUE);

    public EventIdWindow {
        if (hashes == null || times == null || hashes.length != times.length) {
            throw new IllegalArgumentException("hashes and times must be of one length");
        }
    }

    /**
     * The window of a user whose ids are all kept elsewhere, the newest at {@code newestTime}: what
     * a profile restored from a savepoint written before the ids joined it starts from.
     */
    public static EventIdWindow allSpilled(long newestTime, long windowMillis) {
        return new EventIdWindow(new long[0], new long[0], newestTime + windowMillis);
    }

    /** The 64-bit hash an id is kept as: FNV-1a over its chars, then MurmurHash3's finalizer. */
    public static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /**
     * Whether an id seen at event time {@code time} still counts at {@code watermark}: the one test
     * of the dedup window, for the ids here and for those the caller keeps elsewhere.
     */
    public static boolean counts(long time, long watermark, long windowMillis) {
        return time + windowMillis > watermark;
    }

    /** How many ids are here. */
    public int size() {
        return hashes.length;
    }

    /** Whether {@code id} is here and still counts at {@code watermark}. */
    public boolean holds(String id, long watermark, long windowMillis) {
        long h = hash(id);
        for (int i = hashes.length - 1; i >= 0; i--) {
            if (hashes[i] == h && counts(times[i], watermark, windowMillis)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an id kept elsewhere may still count at {@code watermark}. */
    public boolean mayHaveSpilled(long watermark) {
        return watermark < spilledUntil;
    }

    /** This window without the ids that no longer count at {@code watermark}. */
    public EventIdWindow withoutPassed(long watermark, long windowMillis) {
        int live = 0;
        for (long t : times) {
            if (counts(t, watermark, windowMillis)) {
                live++;
            }
        }
        if (live == times.length) {
            return this;
        }
        long[] nextHashes = new long[live];
        long[] nextTimes = new long[live];
        int j = 0;
        for (int i = 0; i < times.length; i++) {
            if (counts(times[i], watermark, windowMillis)) {
                nextHashes[j] = hashes[i];
                nextTimes[j++] = times[i];
            }
        }
        return new EventIdWindow(nextHashes, nextTimes, spilledUntil);
    }

    /** This window with {@code id} at {@code time} added last. */
    public EventIdWindow add(String id, long time) {
        long[] nextHashes = Arrays.copyOf(hashes, hashes.length + 1);
        long[] nextTimes = Arrays.copyOf(times, times.length + 1);
        nextHashes[hashes.length] = hash(id);
        nextTimes[times.length] = time;
        return new EventIdWindow(nextHashes, nextTimes, spilledUntil);
    }

    /**
     * This window after the caller kept an id of event time {@code time} elsewhere: {@link
     * #mayHaveSpilled} until the watermark passes {@code time} plus the window.
     */
    public EventIdWindow withSpilled(long time, long windowMillis) {
        return new EventIdWindow(hashes, times, Math.max(spilledUntil, time + windowMillis));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventIdWindow other
                && Arrays.equals(hashes, other.hashes)
                && Arrays.equals(times, other.times)
                && spilledUntil == other.spilledUntil;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(hashes) + Arrays.hashCode(times))
                + Long.hashCode(spilledUntil);
    }

    @Override
    public String toString() {
        return "EventIdWindow" + Arrays.toString(hashes) + Arrays.toString(times) + spilledUntil;
    }
}

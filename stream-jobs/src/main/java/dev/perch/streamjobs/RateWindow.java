package dev.perch.streamjobs;

/**
 * How many events one user sent in the current minute of event time: the user-state job's former
 * "rate-window" state, before the window joined the user's profile ({@code UserProfile}). No longer
 * registered; kept because a savepoint of an earlier build holds that state, and its serializer
 * snapshot names this class.
 *
 * @param start the start of the minute (epoch milliseconds)
 * @param count events accepted in it
 */
public record RateWindow(long start, int count) {}

package dev.perch.streamjobs;

/**
 * How many events one user sent in the current minute of event time; the rate limiter's state.
 *
 * @param start the start of the minute (epoch milliseconds)
 * @param count events accepted in it
 */
public record RateWindow(long start, int count) {}

package dev.perch.events.files;

/**
 * One file format of recorded click streams (RetailRocket, MovieLens, Perch JSON lines, ...) that
 * {@code perch replay} can read; each opened file gets its own {@link LineParser}.
 */
public interface ClickStreamFormat {

    /** The name used on the command line, e.g. {@code retailrocket}. */
    String name();

    /** A fresh parser for one file. */
    LineParser newParser();
}

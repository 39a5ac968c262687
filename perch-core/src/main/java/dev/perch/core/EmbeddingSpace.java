package dev.perch.core;

import dev.perch.events.Item;
import dev.perch.events.UserState;
import java.util.Objects;

/**
 * The space a vector lives in: the version of the model artifact whose item embeddings it was built
 * from. Vectors of two spaces are not comparable even when their dimensions agree, so every place
 * where two vectors meet (the user vector update, the nearest-item search, the ranking features)
 * checks that their spaces are {@link #equals equal} first.
 *
 * <p>The version is an opaque string (the artifact's version, a sequence model's name and version,
 * ...); {@link #UNVERSIONED} is the space of embeddings written before versions existed, and it is
 * a space of its own: it never meets a versioned one.
 *
 * @param version the version, empty for {@link #UNVERSIONED}
 */
public record EmbeddingSpace(String version) {
    /** The space of vectors that carry no version. */
    public static final EmbeddingSpace UNVERSIONED = new EmbeddingSpace("");

    public EmbeddingSpace {
        version = version == null ? "" : version.strip();
    }

    /** The space named {@code version}; null or blank is {@link #UNVERSIONED}. */
    public static EmbeddingSpace of(String version) {
        return version == null || version.isBlank() ? UNVERSIONED : new EmbeddingSpace(version);
    }

    /** The space of an item's embedding. */
    public static EmbeddingSpace of(Item item) {
        return of(item.getEmbeddingVersion());
    }

    /** The space of a user's vector ({@link #UNVERSIONED} for a null state). */
    public static EmbeddingSpace of(UserState user) {
        return user == null ? UNVERSIONED : of(user.getEmbeddingVersion());
    }

    /** True for the space of vectors without a version. */
    public boolean isUnversioned() {
        return version.isEmpty();
    }

    /** The version as the schemas write it: null for {@link #UNVERSIONED}. */
    public String versionOrNull() {
        return isUnversioned() ? null : version;
    }

    /**
     * Refuses to let a vector of {@code other} meet one of this space.
     *
     * @param what what is being compared, for the message
     * @throws MixedEmbeddingSpacesException when the spaces differ
     */
    public void requireSame(EmbeddingSpace other, String what) {
        if (!equals(Objects.requireNonNull(other, "other"))) {
            throw new MixedEmbeddingSpacesException(what, this, other);
        }
    }

    @Override
    public String toString() {
        return isUnversioned() ? "unversioned" : version;
    }
}

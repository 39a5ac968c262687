package dev.perch.modelserver;

import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries: which instance owns a user ({@link KafkaStreams#queryMetadataForKey}) and,
 * when it is this one, the user's value in one of this instance's stores.
 */
public final class KeyLocator {
    /** Where a user's data lives. */
    public sealed interface Owner {
        /** This instance. */
        record Here() implements Owner {}

        /** Another instance, reached at this host and port. */
        record Elsewhere(HostInfo host) implements Owner {}

        /** Nobody now (the group is rebalancing or the stores restore). */
        record Unknown() implements Owner {}
    }

    private final KafkaStreams streams;
    private final HostInfo self;

    public KeyLocator(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** The instance owning {@code userId} in {@code store}. */
    public Owner ownerOf(String store, String userId) {
        KeyQueryMetadata metadata =
                streams.queryMetadataForKey(store, userId, Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            return new Owner.Unknown();
        }
        HostInfo active = metadata.activeHost();
        return active.equals(self) ? new Owner.Here() : new Owner.Elsewhere(active);
    }

    /** The value of {@code userId} in this instance's {@code store}, empty when it has none. */
    public <V> Optional<V> local(String store, String userId) {
        ReadOnlyKeyValueStore<String, V> view =
                streams.store(
                        StoreQueryParameters.fromNameAndType(
                                store, QueryableStoreTypes.<String, V>keyValueStore()));
        return Optional.ofNullable(view.get(userId));
    }
}

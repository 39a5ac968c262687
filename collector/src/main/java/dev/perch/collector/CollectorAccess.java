package dev.perch.collector;

import dev.perch.access.KafkaClientProperties;
import dev.perch.access.ReadAccess;
import dev.perch.core.UserEventRate;
import java.util.Objects;

/**
 * Who may do what on the collector, apart from the write keys of {@link CollectorConfig}: who may
 * read a user's data through the proxy (a server-side key or a user token), the per-key and
 * per-user event limits, the key the collector shows the model server, and the Kafka client
 * (TLS/SASL) settings. Built from secret files or the environment by {@link CollectorMain}, never
 * from the command line.
 *
 * @param host the address to listen on ({@code 0.0.0.0}: every interface; {@code 127.0.0.1}: this
 *     machine only, as in {@code bin/perch local})
 * @param reads the read keys and token secrets the {@code /v1/users/*} proxy checks
 * @param perKey the event limit of each write key, all its clients together
 * @param perUser the events one user may send per minute of event time (the user-state job's limit
 *     too, {@link UserEventRate})
 * @param modelServerKey the API key sent to the model server with proxied requests, or null
 * @param kafka the Kafka client properties (security protocol, SASL, TLS)
 */
public record CollectorAccess(
        String host,
        ReadAccess reads,
        RateLimiter.Limit perKey,
        UserEventRate perUser,
        String modelServerKey,
        KafkaClientProperties kafka) {

    public CollectorAccess {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(perKey, "perKey");
        Objects.requireNonNull(perUser, "perUser");
        Objects.requireNonNull(kafka, "kafka");
    }

    /**
     * Reads allowed to nobody (no key, no token secret), no per-key limit, the default per-user
     * limit, plaintext Kafka.
     */
    public static CollectorAccess closed() {
        return new CollectorAccess(
                "0.0.0.0",
                new ReadAccess(
                        dev.perch.access.ApiKeys.none(),
                        dev.perch.access.UserTokens.none(),
                        java.time.Clock.systemUTC()),
                RateLimiter.Limit.NONE,
                UserEventRate.DEFAULT,
                null,
                KafkaClientProperties.none());
    }

    public CollectorAccess withHost(String value) {
        return new CollectorAccess(value, reads, perKey, perUser, modelServerKey, kafka);
    }

    public CollectorAccess withReads(ReadAccess value) {
        return new CollectorAccess(host, value, perKey, perUser, modelServerKey, kafka);
    }

    public CollectorAccess withPerKey(RateLimiter.Limit value) {
        return new CollectorAccess(host, reads, value, perUser, modelServerKey, kafka);
    }

    public CollectorAccess withPerUser(UserEventRate value) {
        return new CollectorAccess(host, reads, perKey, value, modelServerKey, kafka);
    }

    public CollectorAccess withModelServerKey(String value) {
        return new CollectorAccess(host, reads, perKey, perUser, value, kafka);
    }

    public CollectorAccess withKafka(KafkaClientProperties value) {
        return new CollectorAccess(host, reads, perKey, perUser, modelServerKey, value);
    }

    @Override
    public String toString() {
        return "CollectorAccess[host="
                + host
                + ", readKeys="
                + reads.hasKeys()
                + ", tokens="
                + reads.tokens().enabled()
                + ", perKey="
                + perKey
                + ", perUser="
                + perUser
                + ", modelServerKey="
                + (modelServerKey != null)
                + ", kafka="
                + kafka
                + "]";
    }
}

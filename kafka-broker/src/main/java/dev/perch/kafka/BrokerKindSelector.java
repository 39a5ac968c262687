package dev.perch.kafka;

import dev.perch.kafka.KafkaBroker.Kind;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Decides which kind of broker to start from the options, the mode property and the environment,
 * all passed in, so that the decision can be tested without touching the real environment.
 */
final class BrokerKindSelector {

    private BrokerKindSelector() {}

    /**
     * The kind to start. In order: a kind forced in the options; a kind forced by the mode
     * property; EXTERNAL when {@code PERCH_KAFKA_BOOTSTRAP} is set; CONTAINER when the data is
     * temporary and a Docker engine answers; otherwise PROCESS. A kept data directory never picks
     * CONTAINER automatically, because a container's storage does not outlive it.
     *
     * @param modeProperty the value of {@code perch.kafka.mode}, or {@code null}
     * @param dockerReachable asked only when the answer matters
     */
    static Kind select(
            BrokerOptions options,
            String modeProperty,
            Map<String, String> env,
            BooleanSupplier dockerReachable) {
        if (options.kind() != null) {
            return options.kind();
        }
        Kind forced = parseMode(modeProperty);
        if (forced != null) {
            return forced;
        }
        if (!externalBootstrap(env).isEmpty()) {
            return Kind.EXTERNAL;
        }
        if (options.dataDirectory() == null && dockerReachable.getAsBoolean()) {
            return Kind.CONTAINER;
        }
        return Kind.PROCESS;
    }

    /** The trimmed value of {@code PERCH_KAFKA_BOOTSTRAP}, or an empty string. */
    static String externalBootstrap(Map<String, String> env) {
        String value = env.get(BrokerOptions.BOOTSTRAP_ENV);
        return value == null ? "" : value.trim();
    }

    /** {@code null} for absent, blank or {@code auto}; the kind for a kind name. */
    static Kind parseMode(String mode) {
        if (mode == null || mode.isBlank() || mode.trim().equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            return Kind.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    BrokerOptions.MODE_PROPERTY
                            + " must be one of auto, external, container, process; got '"
                            + mode
                            + "'",
                    e);
        }
    }
}

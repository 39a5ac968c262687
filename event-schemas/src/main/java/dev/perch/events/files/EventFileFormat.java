package dev.perch.events.files;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The formats {@code perch replay --format} accepts, by command-line name, with a one-line
 * description each for {@code --help}.
 */
public enum EventFileFormat {
    RETAILROCKET(
            RetailRocketFormat.NAME, "RetailRocket events.csv: timestamp(ms),visitorid,event,.."),
    MOVIELENS(MovieLensFormat.NAME, "MovieLens ratings.dat: UserID::MovieID::Rating::Timestamp"),
    MOVIELENS_100K(
            MovieLens100kFormat.NAME, "RecBole ml-100k.inter: user, item, rating, time (TSV)"),
    SESSION_CLICKS(SessionClicksFormat.NAME, "session-rec clicks: SessionId, ItemId, Time (TSV)"),
    ADER_PERIODS(
            AderPeriodsFormat.NAME, "ADER periods: session_id item_id, times made up in order"),
    JSON(JsonLinesFormat.NAME, "Perch JSON lines: one POST /v1/events body per line");

    private final String cliName;
    private final String description;

    EventFileFormat(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /** The name on the command line, e.g. {@code movielens-100k}. */
    public String cliName() {
        return cliName;
    }

    /** What the format is, in one line. */
    public String description() {
        return description;
    }

    /** Every command-line name, in declaration order. */
    public static List<String> cliNames() {
        return Arrays.stream(values()).map(EventFileFormat::cliName).toList();
    }

    /**
     * The format with this command-line name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the valid formats
     */
    public static EventFileFormat fromCliName(String name) {
        for (EventFileFormat format : values()) {
            if (format.cliName.equalsIgnoreCase(name.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException(
                "unknown format '"
                        + name
                        + "'; expected one of "
                        + Arrays.stream(values())
                                .map(EventFileFormat::cliName)
                                .collect(Collectors.joining(", ")));
    }

    /**
     * The format, ready to parse.
     *
     * @param syntheticStart time of line 1 where the format has no timestamps (ader-periods)
     * @param syntheticInterval time between lines where the format has no timestamps
     */
    public ClickStreamFormat create(Instant syntheticStart, Duration syntheticInterval) {
        return switch (this) {
            case RETAILROCKET -> new RetailRocketFormat();
            case MOVIELENS -> new MovieLensFormat();
            case MOVIELENS_100K -> new MovieLens100kFormat();
            case SESSION_CLICKS -> new SessionClicksFormat();
            case ADER_PERIODS -> new AderPeriodsFormat(syntheticStart, syntheticInterval);
            case JSON -> new JsonLinesFormat();
        };
    }
}

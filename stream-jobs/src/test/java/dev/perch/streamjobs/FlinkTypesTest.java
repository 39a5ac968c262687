package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.EventIdWindow;
import dev.perch.core.UserProfile;
import dev.perch.events.ClickEvent;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.TrendingItems;
import dev.perch.events.UserState;
import dev.perch.streamjobs.itemstats.TrendingCount;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every type the job sends between operators or keeps in state has a Flink serializer of its own
 * (POJO or Avro), never Kryo: the job disables generic types, and Kryo state would not evolve.
 */
class FlinkTypesTest {
    @ParameterizedTest
    @ValueSource(
            classes = {
                KafkaRecord.class,
                CatalogEntry.class,
                ItemFeatures.class,
                RateWindow.class,
                EnrichedEvent.class,
                UserProfile.class,
                EventIdWindow.class,
                RecentVisits.class,
                RecentSteps.class,
                RecentWindows.class,
                ItemSignal.class,
                NeighborList.class,
                ItemPopularity.class,
                TrendingCount.class,
                TopTrending.TopList.class
            })
    void recordsArePojos(Class<?> type) {
        assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
    }

    @ParameterizedTest
    @ValueSource(
            classes = {ClickEvent.class, UserState.class, ItemNeighbors.class, TrendingItems.class})
    void avroRecordsUseAvro(Class<?> type) {
        assertThat(TypeInformation.of(type)).isInstanceOf(AvroTypeInfo.class);
    }
}

package dev.perch.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.events.ClickEvent;
import dev.perch.events.TestRecords;
import dev.perch.events.Topics;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("PerchSerdes: Kafka serializers and deserializers")
class PerchSerdesTest {

    static List<SpecificRecord> records() {
        return TestRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    @DisplayName("every record type round-trips through the serde, in the codec's bytes")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void roundTrips(SpecificRecord record) {
        Serde serde = PerchSerdes.serde(record.getClass());

        byte[] bytes = serde.serializer().serialize("t", record);

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(record);
        assertThat(bytes).isEqualTo(AvroCodec.of((Class) record.getClass()).encode(record));
    }

    @Test
    @DisplayName("separate serializer and deserializer agree")
    void serializerAndDeserializerAgree() {
        byte[] bytes =
                PerchSerdes.serializer(ClickEvent.class)
                        .serialize(Topics.EVENTS, TestRecords.click());

        assertThat(PerchSerdes.deserializer(ClickEvent.class).deserialize(Topics.EVENTS, bytes))
                .isEqualTo(TestRecords.click());
    }

    @Test
    void givenTombstone_thenNullBothWays() {
        Serde<ClickEvent> serde = PerchSerdes.serde(ClickEvent.class);

        assertThat(serde.serializer().serialize(Topics.EVENTS, null)).isNull();
        assertThat(serde.deserializer().deserialize(Topics.EVENTS, null)).isNull();
    }

    @Test
    void givenGarbage_thenSerializationExceptionCarryingTheReason() {
        assertThatThrownBy(
                        () ->
                                PerchSerdes.deserializer(ClickEvent.class)
                                        .deserialize(Topics.EVENTS, "garbage!!".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(RecordDecodeException.UNDECODABLE)
                .hasMessageContaining(Topics.EVENTS)
                .cause()
                .isInstanceOfSatisfying(
                        RecordDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordDecodeException.UNDECODABLE));
    }

    @Test
    void givenEmptyValue_thenSerializationExceptionEmpty() {
        assertThatThrownBy(
                        () ->
                                PerchSerdes.deserializer(ClickEvent.class)
                                        .deserialize(Topics.EVENTS, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(RecordDecodeException.EMPTY);
    }

    @Test
    void givenInvalidRecord_whenSerialized_thenSerializationException() {
        ClickEvent broken = TestRecords.click();
        broken.setEventId(null);

        assertThatThrownBy(
                        () ->
                                PerchSerdes.serializer(ClickEvent.class)
                                        .serialize(Topics.EVENTS, broken))
                .isInstanceOf(SerializationException.class);
    }
}

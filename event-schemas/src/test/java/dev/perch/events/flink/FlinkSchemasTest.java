package dev.perch.events.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.events.ClickEvent;
import dev.perch.events.TestRecords;
import dev.perch.events.UserState;
import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.RecordDecodeException;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Flink serialization and deserialization schemas")
class FlinkSchemasTest {

    static List<SpecificRecord> records() {
        return TestRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    @DisplayName("every record type round-trips, also after the schemas are shipped (serialized)")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void roundTrips(SpecificRecord record) throws Exception {
        AvroSerializationSchema out =
                InstantiationUtil.clone(AvroSerializationSchema.of(record.getClass()));
        AvroDeserializationSchema in =
                InstantiationUtil.clone(AvroDeserializationSchema.of(record.getClass()));

        byte[] bytes = out.serialize(record);

        assertThat(in.deserialize(bytes)).isEqualTo(record);
        assertThat(bytes).isEqualTo(AvroCodec.of((Class) record.getClass()).encode(record));
    }

    @Test
    @DisplayName("produces AvroTypeInfo, whose serializer (not Kryo) round-trips the record")
    void producesAvroTypeInfo() throws Exception {
        var type = AvroDeserializationSchema.of(UserState.class).getProducedType();
        TypeSerializer<UserState> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);

        serializer.serialize(TestRecords.userState(), out);
        UserState copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(type).isInstanceOf(AvroTypeInfo.class);
        assertThat(type.getTypeClass()).isEqualTo(UserState.class);
        assertThat(copy).isEqualTo(TestRecords.userState());
    }

    @Test
    void givenNullMessage_thenSkipped() throws Exception {
        AvroDeserializationSchema<ClickEvent> schema =
                AvroDeserializationSchema.of(ClickEvent.class);

        assertThat(schema.deserialize(null)).isNull();
        assertThat(schema.isEndOfStream(TestRecords.click())).isFalse();
    }

    @Test
    void givenGarbage_thenRecordDecodeException() {
        assertThatThrownBy(
                        () ->
                                AvroDeserializationSchema.of(ClickEvent.class)
                                        .deserialize(new byte[] {1, 2, 3}))
                .isInstanceOfSatisfying(
                        RecordDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordDecodeException.UNDECODABLE));
    }
}

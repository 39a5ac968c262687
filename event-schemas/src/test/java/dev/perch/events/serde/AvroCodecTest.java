package dev.perch.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import dev.perch.events.TestRecords;
import dev.perch.events.UserState;
import dev.perch.events.schema.SchemaHistory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("AvroCodec: single-object encoding with every released schema version")
class AvroCodecTest {

    static List<SpecificRecord> records() {
        return TestRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    @DisplayName("every record type round-trips")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void roundTrips(SpecificRecord record) {
        AvroCodec codec = AvroCodec.of(record.getClass());

        byte[] bytes = codec.encode(record);

        assertThat(codec.decode(bytes)).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    @DisplayName("the bytes are Avro's message encoder's, and its bytes decode to the same record")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void matchesAvrosMessageEncoding(SpecificRecord record) throws IOException {
        AvroCodec codec = AvroCodec.of(record.getClass());
        BinaryMessageEncoder avro =
                new BinaryMessageEncoder<>(
                        SpecificData.getForClass(record.getClass()), codec.schema());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        avro.encode(record, expected);

        assertThat(codec.encode(record)).isEqualTo(expected.toByteArray());
        assertThat(codec.decode(expected.toByteArray())).isEqualTo(record);
    }

    @Test
    @DisplayName("a record that failed half-way leaves nothing in the thread's next record")
    void failedEncodeLeavesNoBytesBehind() {
        AvroCodec<UserState> codec = AvroCodec.of(UserState.class);
        UserState good = TestRecords.userState();
        byte[] fresh = codec.encode(good);
        UserState broken = TestRecords.userState();
        broken.setEventCounts(null); // written after the recent items: fails half-way

        assertThatThrownBy(() -> codec.encode(broken)).isInstanceOf(IllegalArgumentException.class);

        assertThat(codec.encode(good)).isEqualTo(fresh);
    }

    @Test
    @DisplayName("bytes start with C3 01 and the CRC-64-AVRO fingerprint, little-endian")
    void writesSingleObjectHeader() {
        byte[] bytes = AvroCodec.of(ClickEvent.class).encode(TestRecords.click());
        long fingerprint = SchemaNormalization.parsingFingerprint64(ClickEvent.getClassSchema());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long header = 0;
        for (int i = 9; i >= 2; i--) {
            header = (header << 8) | (bytes[i] & 0xFF);
        }
        assertThat(header).isEqualTo(fingerprint);
    }

    @Test
    @DisplayName("a record written with the released v1 schema decodes into the current class")
    void decodesV1Record() throws IOException {
        Schema v1 = SchemaHistory.versions(ClickEvent.class).get(0).schema();
        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "5f0c7a2e-8a3b-4c1d-9e2f-0123456789ab");
        old.put("userId", "u-1");
        old.put("type", new GenericData.EnumSymbol(v1.getField("type").schema(), "VIEW"));
        old.put("itemId", "sku-1");
        old.put("eventTime", TestRecords.T0.toEpochMilli());

        ClickEvent decoded = AvroCodec.of(ClickEvent.class).decode(encodeGeneric(v1, old));

        assertThat(decoded.getUserId()).isEqualTo("u-1");
        assertThat(decoded.getType()).isEqualTo(EventType.VIEW);
        assertThat(decoded.getEventTime()).isEqualTo(TestRecords.T0);
        assertThat(decoded.getContext()).isNull();
    }

    @Test
    @DisplayName("a record written by an older schema without context decodes with the defaults")
    void decodesOlderSchemaWithDefaults() throws IOException {
        Schema current = ClickEvent.getClassSchema();
        Schema older = withoutFields(current, "context", "receivedTime", "sessionId");
        GenericRecord old = new GenericData.Record(older);
        old.put("eventId", "5f0c7a2e-8a3b-4c1d-9e2f-0123456789ab");
        old.put("userId", "u-7");
        old.put("type", new GenericData.EnumSymbol(older.getField("type").schema(), "PURCHASE"));
        old.put("itemId", "sku-9");
        old.put("value", 19.99);
        old.put("eventTime", TestRecords.T0.toEpochMilli());
        byte[] bytes = encodeGeneric(older, old);

        List<Schema> known = new ArrayList<>(List.of(older));
        SchemaHistory.versions(ClickEvent.class).forEach(v -> known.add(v.schema()));
        ClickEvent decoded = AvroCodec.of(ClickEvent.class, known).decode(bytes);

        assertThat(decoded.getType()).isEqualTo(EventType.PURCHASE);
        assertThat(decoded.getValue()).isEqualTo(19.99);
        assertThat(decoded.getContext()).isNull();
        assertThat(decoded.getSessionId()).isNull();
        assertThat(decoded.getReceivedTime()).isNull();
        assertThatThrownBy(() -> AvroCodec.of(ClickEvent.class).decode(bytes))
                .as("without that version in the store the fingerprint is unknown")
                .isInstanceOfSatisfying(
                        RecordDecodeException.class,
                        e ->
                                assertThat(e.reason())
                                        .isEqualTo(RecordDecodeException.UNKNOWN_SCHEMA));
    }

    @Test
    void givenEmptyBytes_thenEmpty() {
        assertReason(new byte[0], RecordDecodeException.EMPTY);
        assertReason(null, RecordDecodeException.EMPTY);
    }

    @Test
    void givenGarbage_thenUndecodable() {
        assertReason("{\"userId\":\"u-1\"}".getBytes(), RecordDecodeException.UNDECODABLE);
        assertReason(new byte[] {(byte) 0xC3}, RecordDecodeException.UNDECODABLE);
    }

    @Test
    void givenAnotherRecordType_thenUnknownSchema() {
        byte[] item = AvroCodec.of(Item.class).encode(TestRecords.item());

        assertReason(item, RecordDecodeException.UNKNOWN_SCHEMA);
    }

    @Test
    void givenWrongFingerprint_thenUnknownSchema() {
        byte[] bytes = AvroCodec.of(ClickEvent.class).encode(TestRecords.click());
        bytes[5] ^= 0x5A;

        assertReason(bytes, RecordDecodeException.UNKNOWN_SCHEMA);
    }

    @Test
    void givenTruncatedBody_thenUndecodable() {
        byte[] bytes = AvroCodec.of(ClickEvent.class).encode(TestRecords.click());

        assertReason(Arrays.copyOf(bytes, bytes.length - 5), RecordDecodeException.UNDECODABLE);
    }

    @Test
    void givenTrailingBytes_thenUndecodable() {
        byte[] bytes = AvroCodec.of(ClickEvent.class).encode(TestRecords.click());

        assertReason(Arrays.copyOf(bytes, bytes.length + 3), RecordDecodeException.UNDECODABLE);
        assertThatThrownBy(
                        () ->
                                AvroCodec.of(ClickEvent.class)
                                        .decode(Arrays.copyOf(bytes, bytes.length + 3)))
                .hasMessage("UNDECODABLE: 3 bytes left after the ClickEvent");
    }

    @Test
    void givenRecordMissingRequiredField_whenEncoded_thenIllegalArgument() {
        ClickEvent broken = TestRecords.click();
        broken.setUserId(null);

        assertThatThrownBy(() -> AvroCodec.of(ClickEvent.class).encode(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ClickEvent");
    }

    @Test
    @DisplayName("one codec is shared safely by several threads")
    void isThreadSafe() throws Exception {
        AvroCodec<ClickEvent> codec = AvroCodec.of(ClickEvent.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String user = "u-" + t;
                results.add(
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < 2_000; i++) {
                                        ClickEvent e = TestRecords.click();
                                        e.setUserId(user + "-" + i);
                                        if (!codec.decode(codec.encode(e)).equals(e)) {
                                            return false;
                                        }
                                    }
                                    return true;
                                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertReason(byte[] bytes, String reason) {
        assertThatThrownBy(() -> AvroCodec.of(ClickEvent.class).decode(bytes))
                .isInstanceOfSatisfying(
                        RecordDecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    static byte[] encodeGeneric(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record, out);
        return out.toByteArray();
    }

    /** The same record schema without some (defaulted) fields, as an older producer had it. */
    static Schema withoutFields(Schema schema, String... names) {
        List<String> dropped = List.of(names);
        List<Schema.Field> fields =
                schema.getFields().stream()
                        .filter(f -> !dropped.contains(f.name()))
                        .map(f -> new Schema.Field(f, f.schema()))
                        .collect(Collectors.toList());
        return Schema.createRecord(
                schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}

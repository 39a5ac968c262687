package dev.perch.modelserver;

import dev.perch.events.DeadLetter;
import dev.perch.events.Topics;
import dev.perch.events.deadletter.DeadLetterRecords;
import dev.perch.events.serde.RecordDecodeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams exception handlers of the model server: a record that cannot be decoded, or
 * whose processing throws, goes to perch.dead-letter with its original bytes, topic, partition,
 * offset and the reason (through Streams' own dead-letter records, KIP-1034), is counted in {@code
 * perch_dead_letters}, and the stream thread goes on with the next record instead of failing on the
 * same record for ever.
 */
public final class DeadLetterHandlers {
    /** The {@code stage} of the model server's dead letters. */
    public static final String STAGE = "model-server";

    /** The Streams config key under which the {@link ModelServerMetrics} reach the handlers. */
    public static final String METRICS_CONFIG = "perch.model-server.metrics";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

    private DeadLetterHandlers() {}

    /** Undecodable bytes: an {@code UNDECODABLE} dead letter, then the next record. */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private ModelServerMetrics metrics;

        @Override
        public void configure(Map<String, ?> configs) {
            metrics = metricsOf(configs);
        }

        @Override
        public Response handleError(
                ErrorHandlerContext context,
                ConsumerRecord<byte[], byte[]> record,
                Exception exception) {
            String reason = reasonOf(exception);
            DeadLetter letter =
                    DeadLetterRecords.of(record, STAGE, reason, exception, Instant.now());
            return Response.resume(records(letter, metrics));
        }
    }

    /** A processor that throws on a record: an {@code UNPROCESSABLE} dead letter, then the next. */
    public static final class Processing implements ProcessingExceptionHandler {
        private ModelServerMetrics metrics;

        @Override
        public void configure(Map<String, ?> configs) {
            metrics = metricsOf(configs);
        }

        @Override
        public Response handleError(
                ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            DeadLetter letter =
                    DeadLetterRecords.of(
                            context.topic(),
                            context.partition(),
                            context.offset(),
                            context.sourceRawKey(),
                            context.sourceRawValue(),
                            STAGE,
                            "UNPROCESSABLE",
                            "processor "
                                    + context.processorNodeId()
                                    + ": "
                                    + DeadLetterRecords.describe(exception),
                            Instant.now());
            return Response.resume(records(letter, metrics));
        }
    }

    /** The decoder's reason code (EMPTY, UNKNOWN_SCHEMA, UNDECODABLE), else UNDECODABLE. */
    static String reasonOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordDecodeException decode) {
                return decode.reason();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return RecordDecodeException.UNDECODABLE;
    }

    private static ModelServerMetrics metricsOf(Map<String, ?> configs) {
        Object value = configs.get(METRICS_CONFIG);
        return value instanceof ModelServerMetrics m ? m : null;
    }

    /** Logs and counts one dead letter; returns the record Streams should write for it. */
    static org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record(
            DeadLetter letter, ModelServerMetrics metrics) {
        LOG.warn(
                "Dead letter: {} at {}-{}@{}: {}",
                letter.getReason(),
                letter.getSourceTopic(),
                letter.getSourcePartition(),
                letter.getSourceOffset(),
                letter.getDetail());
        if (metrics != null) {
            metrics.deadLetter(
                    letter.getSourceTopic() == null ? "unknown" : letter.getSourceTopic(),
                    letter.getReason());
        }
        return DeadLetterRecords.toRecord(Topics.DEAD_LETTER, letter);
    }

    static List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records(
            DeadLetter letter, ModelServerMetrics metrics) {
        return List.of(record(letter, metrics));
    }
}

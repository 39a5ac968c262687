package dev.perch.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Set;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;

/**
 * Parses rendered objects into their typed models (fabric8, Strimzi, the Flink operator) so that a
 * field the model does not know fails, instead of landing in the models' catch-all {@code
 * additionalProperties} map as it would with their own mappers.
 */
final class StrictParsing {
    private StrictParsing() {}

    /**
     * Flink versions the 1.15 operator accepts beyond those of the newest API jar on Maven Central
     * (1.10.0, whose {@link FlinkVersion} stops at v1_20); the CRD schema check holds the 1.15
     * list.
     */
    private static final Set<String> FLINK_2_VERSIONS = Set.of("v2_0", "v2_1", "v2_2");

    static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .annotationIntrospector(new NoCatchAll())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                    .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                    .addHandler(new Flink2Versions())
                    .build();

    /** The object as {@code type}; fails on any field {@code type} does not define. */
    static <T> T parse(JsonNode object, Class<T> type) {
        try {
            return MAPPER.treeToValue(object, type);
        } catch (IOException e) {
            throw new AssertionError(
                    object.path("kind").asText()
                            + " "
                            + object.path("metadata").path("name").asText()
                            + " is not a valid "
                            + type.getName()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Jackson's introspection minus every any-setter and every ignoreUnknown. */
    private static final class NoCatchAll extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasAnySetter(Annotated a) {
            return Boolean.FALSE;
        }

        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(
                MapperConfig<?> config, Annotated a) {
            return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
        }
    }

    /** Lets a Flink 2 version through the 1.10 enum; the 1.15 CRD schema checks the value. */
    private static final class Flink2Versions extends DeserializationProblemHandler {
        @Override
        public Object handleWeirdStringValue(
                DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg)
                throws IOException {
            if (targetType == FlinkVersion.class && FLINK_2_VERSIONS.contains(value)) {
                return FlinkVersion.v1_20;
            }
            return DeserializationProblemHandler.NOT_HANDLED;
        }

        @Override
        public boolean handleUnknownProperty(
                DeserializationContext ctxt,
                JsonParser p,
                com.fasterxml.jackson.databind.JsonDeserializer<?> deserializer,
                Object beanOrClass,
                String propertyName) {
            return false;
        }
    }
}

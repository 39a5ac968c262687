package dev.perch.streamjobs;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.streamjobs.itemstats.ItemStatisticsJob;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobConfig;
import dev.perch.streamjobs.itemstats.UpdateNeighbors;
import dev.perch.streamjobs.userstate.UserStateJob;
import dev.perch.streamjobs.userstate.UserStateJobConfig;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.RichFunction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.transformations.TwoInputTransformation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Savepoints store every keyed state's name and, for a POJO state type, its class name, package
 * included; a state type whose class is renamed or moved to another package cannot be restored from
 * a savepoint taken before. So the state types of both jobs keep their fully qualified names, and
 * live in {@code dev.perch.streamjobs} whichever job uses them. This test builds both jobs' graphs
 * (Kafka sources and sinks are built, never connected), opens every operator's function on a
 * runtime context that records the state descriptors it registers, and pins what a savepoint
 * stores: operator uid, state name and the state's type names (for a POJO, the name its serializer
 * snapshot writes).
 */
class StateTypeNamesTest {

    @Test
    @DisplayName(
            "savepoints taken by an earlier build restore: the state types keep their class names")
    void stateTypesKeepTheirClassNames() throws Exception {
        Map<String, String> states = new TreeMap<>();
        Set<String> keyTypes = new TreeSet<>();
        UserStateJobConfig userState = UserStateJobConfig.defaults();
        collect("user-state", env -> UserStateJob.onKafka(userState).build(env), states, keyTypes);
        collect(
                "item-statistics",
                env -> ItemStatisticsJob.onKafka(ItemStatisticsJobConfig.defaults()).build(env),
                states,
                keyTypes);

        String user = "user-state/";
        String item = "item-statistics/";
        String enrich = EventInput.UID_ENRICH + "/";
        String topList = "dev.perch.streamjobs.TopTrending$TopList";
        assertThat(states)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.ofEntries(
                                entry(
                                        user + enrich + "item-features",
                                        "dev.perch.streamjobs.ItemFeatures"),
                                entry(
                                        user + enrich + "pending-events",
                                        "dev.perch.events.ClickEvent"),
                                entry(user + enrich + "pending-count", "java.lang.Integer"),
                                entry(
                                        user + "update-user-state/user-profile",
                                        "dev.perch.core.UserProfile"),
                                entry(
                                        user + "update-user-state/seen-event-ids",
                                        "java.lang.String -> java.lang.Long"),
                                entry(user + "update-user-state/forgotten-at", "java.lang.Long"),
                                entry(
                                        item + enrich + "item-features",
                                        "dev.perch.streamjobs.ItemFeatures"),
                                entry(
                                        item + enrich + "pending-events",
                                        "dev.perch.events.ClickEvent"),
                                entry(item + enrich + "pending-count", "java.lang.Integer"),
                                entry(
                                        item + "pair-signals/recent-windows",
                                        "dev.perch.streamjobs.RecentWindows"),
                                entry(item + "pair-signals/forgotten-at", "java.lang.Long"),
                                entry(
                                        item + "update-neighbors/neighbors",
                                        "dev.perch.streamjobs.NeighborList"),
                                entry(
                                        item + "update-neighbors/followers",
                                        "dev.perch.streamjobs.NeighborList"),
                                entry(
                                        item + "update-neighbors/popularity",
                                        "dev.perch.streamjobs.ItemPopularity"),
                                entry(item + "top-popular/all-time-top", topList),
                                entry(item + "top-popular/newest", "java.lang.Long"),
                                entry(item + "top-popular/publish-at", "java.lang.Long"),
                                entry(
                                        item + "trending-panes/trending-panes",
                                        "dev.perch.streamjobs.TrendingWindows$ItemPanes"),
                                entry(
                                        item + "top-trending/window-tops",
                                        "java.lang.Long -> " + topList)));
        // the key serializer of every keyed operator is in its savepoint too
        assertThat(keyTypes).containsExactly("java.lang.String");
    }

    /** Builds a job on a fresh environment and records its operators' keyed states. */
    private static void collect(
            String job,
            Consumer<StreamExecutionEnvironment> build,
            Map<String, String> states,
            Set<String> keyTypes)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build.accept(env);
        Set<Transformation<?>> all = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Transformation<?> sink : env.getTransformations()) {
            all.addAll(sink.getTransitivePredecessors());
        }
        for (Transformation<?> t : all) {
            StreamOperatorFactory<?> factory;
            TypeInformation<?> keyType;
            if (t instanceof OneInputTransformation<?, ?> one) {
                factory = one.getOperatorFactory();
                keyType = one.getStateKeyType();
            } else if (t instanceof TwoInputTransformation<?, ?, ?> two) {
                factory = two.getOperatorFactory();
                keyType = two.getStateKeyType();
            } else {
                continue; // sources, sinks, unions, partitioning: no state of Perch's types
            }
            if (keyType != null) {
                keyTypes.add(keyType.getTypeClass().getName());
            }
            if (factory instanceof SimpleOperatorFactory<?> simple
                    && simple.getOperator() instanceof UpdateNeighbors operator) {
                // an operator of its own (it buffers on the heap), not a function: it names its
                // keyed states
                for (StateDescriptor<?, ?> d : operator.stateDescriptors()) {
                    states.put(job + "/" + t.getUid() + "/" + d.getName(), typeNames(d));
                }
                continue;
            }
            if (!(factory instanceof SimpleOperatorFactory<?> simple)
                    || !(simple.getOperator() instanceof AbstractUdfStreamOperator<?, ?> udf)) {
                assertThat(keyType)
                        .as("%s is keyed, and its states are not pinned here", t)
                        .isNull();
                continue;
            }
            Object function = udf.getUserFunction();
            assertThat(function)
                    .as("%s keeps no operator state (its type names would need pinning too)", t)
                    .isNotInstanceOf(CheckpointedFunction.class);
            if (function instanceof RichFunction rich) {
                for (StateDescriptor<?, ?> d : registeredStates(rich)) {
                    String id = job + "/" + t.getUid() + "/" + d.getName();
                    assertThat(states).as("state registered twice").doesNotContainKey(id);
                    states.put(id, typeNames(d));
                }
            }
        }
    }

    /** The state descriptors that {@code function} registers when it opens. */
    private static List<StateDescriptor<?, ?>> registeredStates(RichFunction function)
            throws Exception {
        List<StateDescriptor<?, ?>> registered = new ArrayList<>();
        var metrics = UnregisteredMetricsGroup.createOperatorMetricGroup();
        ClassLoader loader = StateTypeNamesTest.class.getClassLoader();
        RuntimeContext context =
                (RuntimeContext)
                        Proxy.newProxyInstance(
                                loader,
                                new Class<?>[] {RuntimeContext.class},
                                (proxy, method, args) -> {
                                    Object arg = args != null && args.length == 1 ? args[0] : null;
                                    if (arg instanceof StateDescriptor<?, ?> d) {
                                        registered.add(d);
                                        return null;
                                    }
                                    if (arg != null
                                            && arg.getClass()
                                                    .getName()
                                                    .startsWith(
                                                            "org.apache.flink.api.common.state.v2.")) {
                                        throw new AssertionError(
                                                "state API v2 is not covered here: " + arg);
                                    }
                                    return switch (method.getName()) {
                                        case "getMetricGroup" -> metrics;
                                        case "getUserCodeClassLoader" -> loader;
                                        case "isObjectReuseEnabled" -> false;
                                        case "hashCode" -> System.identityHashCode(proxy);
                                        case "equals" -> proxy == arg;
                                        case "toString" -> "a context that records states";
                                        default ->
                                                throw new UnsupportedOperationException(
                                                        method.getName());
                                    };
                                });
        function.setRuntimeContext(context);
        function.open(DefaultOpenContext.INSTANCE);
        return registered;
    }

    /** The type names a savepoint stores for this state: "key -> value" for a map state. */
    private static String typeNames(StateDescriptor<?, ?> descriptor) throws IOException {
        descriptor.initializeSerializerUnlessSet(new ExecutionConfig());
        if (descriptor instanceof MapStateDescriptor<?, ?> map) {
            return typeName(map.getKeySerializer()) + " -> " + typeName(map.getValueSerializer());
        }
        if (descriptor instanceof ListStateDescriptor<?> list) {
            return typeName(list.getElementSerializer());
        }
        return typeName(descriptor.getSerializer());
    }

    private static String typeName(TypeSerializer<?> serializer) throws IOException {
        if (serializer instanceof PojoSerializer<?>) {
            // what a savepoint stores: the snapshot of a POJO serializer starts with the class name
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.snapshotConfiguration().writeSnapshot(out);
            return new DataInputDeserializer(out.getCopyOfBuffer()).readUTF();
        }
        if (serializer instanceof AvroSerializer<?> avro) {
            return avro.getType().getName();
        }
        return serializer.createInstance().getClass().getName();
    }
}

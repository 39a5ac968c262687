package dev.perch.modelserver.bench;
import dev.perch.events.UserState;
import dev.perch.events.serde.PerchSerdes;
import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.serialization.*;
public class Probe2 { public static void main(String[] a) throws Exception {
  Properties p = new Properties(); p.put("bootstrap.servers", a[0]); p.put("group.id", "probe-" + System.nanoTime()); p.put("auto.offset.reset", "earliest");
  var des = PerchSerdes.deserializer(UserState.class);
  long n = 0, dupStates = 0, dups = 0, maxRecent = 0, sumRecent = 0, nulls = 0; TreeMap<Integer,Long> hist = new TreeMap<>();
  try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
    c.subscribe(List.of("perch.user-state")); int empty = 0;
    while (empty < 5) { var recs = c.poll(Duration.ofSeconds(1)); if (recs.isEmpty()) { empty++; continue; } empty = 0;
      for (var r : recs) { if (r.value() == null) { nulls++; continue; } UserState u; try { u = des.deserialize("perch.user-state", r.value()); } catch (RuntimeException e) { nulls++; continue; } n++;
        int k = u.getRecentItems().size(); sumRecent += k; maxRecent = Math.max(maxRecent, k); hist.merge(k / 10 * 10, 1L, Long::sum);
        Set<String> s = new HashSet<>(); int d = 0; for (var ri : u.getRecentItems()) if (!s.add(ri.getItemId())) d++; if (d > 0) { dupStates++; dups += d; } } } }
  System.out.printf("%d states (%d null/garbage), recent items mean %.2f max %d, by tens %s; states with duplicate recent ids %d (%d duplicates)%n", n, nulls, sumRecent / (double) n, maxRecent, hist, dupStates, dups);
}}

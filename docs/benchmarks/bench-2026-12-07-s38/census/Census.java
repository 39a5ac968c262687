import javax.management.*;
import javax.management.remote.*;
import java.util.*;

public class Census {
    public static void main(String[] a) throws Exception {
        JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + a[0] + "/jmxrmi"));
        MBeanServerConnection s = c.getMBeanServerConnection();
        Map<String, Long> first = snap(s);
        long t0 = System.nanoTime();
        Thread.sleep(Long.parseLong(a[1]) * 1000);
        Map<String, Long> second = snap(s);
        double secs = (System.nanoTime() - t0) / 1e9;
        List<Map.Entry<String, Long>> rows = new ArrayList<>();
        for (var e : second.entrySet()) {
            long d = e.getValue() - first.getOrDefault(e.getKey(), 0L);
            if (d > 0) rows.add(Map.entry(e.getKey(), d));
        }
        rows.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
        for (var r : rows) System.out.printf("%9.1f/s  %s%n", r.getValue() / secs, r.getKey());
        for (ObjectName n : s.queryNames(new ObjectName("kafka.server:type=Request,*"), null)) {
            StringBuilder b = new StringBuilder();
            for (MBeanAttributeInfo i : s.getMBeanInfo(n).getAttributes()) b.append(i.getName()).append('=').append(s.getAttribute(n, i.getName())).append(' ');
            System.out.println("REQ " + n.getKeyPropertyListString() + " " + b);
        }
        c.close();
    }

    static Map<String, Long> snap(MBeanServerConnection s) throws Exception {
        Map<String, Long> m = new TreeMap<>();
        for (String q : List.of("kafka.network:type=RequestMetrics,name=RequestsPerSec,*",
                "kafka.server:type=BrokerTopicMetrics,name=TotalFetchRequestsPerSec,*",
                "kafka.server:type=BrokerTopicMetrics,name=TotalProduceRequestsPerSec,*",
                "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,*",
                "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,*",
                "kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec,*")) {
            for (ObjectName n : s.queryNames(new ObjectName(q), null)) {
                Object v = s.getAttribute(n, "Count");
                m.put(n.getKeyPropertyListString(), ((Number) v).longValue());
            }
        }
        return m;
    }
}

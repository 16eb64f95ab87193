package jp.ami.journal.kafka;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka cluster for tests: N combined broker + controller nodes in KRaft mode, each a child JVM running
 * {@code kafka.Kafka} from the jars Maven resolved for this module ({@code kafka-broker.classpath}, written by the
 * build), on free loopback ports, storage formatted first. {@link #start} returns when the Admin client sees every
 * broker (polled, no sleeps). {@link #kill} SIGKILLs one node; {@link #close} kills what is left. Each node's output goes
 * to {@code node-N.log} in the cluster's directory.
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(90);

    private final Path dir;
    private final int nodes;
    private final int[] brokerPorts;
    private final Process[] processes;
    private final Admin admin;

    private KafkaCluster(Path dir, int nodes, int[] brokerPorts, Process[] processes) {
        this.dir = dir;
        this.nodes = nodes;
        this.brokerPorts = brokerPorts;
        this.processes = processes;
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        this.admin = Admin.create(p);
    }

    /** Starts {@code nodes} nodes (1 or 3) with their data under {@code dir}, and waits until all are brokers of the cluster. */
    public static KafkaCluster start(int nodes, Path dir) {
        String classpath = brokerClasspath();
        int[] ports = freePorts(2 * nodes);
        int[] broker = new int[nodes];
        String voters = IntStream.range(0, nodes).mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports[nodes + i])
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        int rf = Math.min(3, nodes);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
            Path[] configs = new Path[nodes];
            for (int i = 0; i < nodes; i++) {
                broker[i] = ports[i];
                configs[i] = dir.resolve("node-" + (i + 1) + ".properties");
                Files.writeString(configs[i], serverProperties(i + 1, ports[i], ports[nodes + i], voters, rf,
                        dir.resolve("data-" + (i + 1))));
            }
            List<Process> formats = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                formats.add(java(classpath, dir, "format-" + (i + 1) + ".log", "kafka.tools.StorageTool", "format",
                        "-t", clusterId, "-c", configs[i].toString()));
            }
            for (int i = 0; i < nodes; i++) {
                if (!formats.get(i).waitFor(60, TimeUnit.SECONDS) || formats.get(i).exitValue() != 0) {
                    throw new IllegalStateException("kafka storage format failed for node " + (i + 1) + ": "
                            + Files.readString(dir.resolve("format-" + (i + 1) + ".log")));
                }
            }
            Process[] ps = new Process[nodes];
            for (int i = 0; i < nodes; i++) {
                ps[i] = java(classpath, dir, "node-" + (i + 1) + ".log", "kafka.Kafka", configs[i].toString());
            }
            KafkaCluster c = new KafkaCluster(dir, nodes, broker, ps);
            try {
                await().atMost(READY).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> c.admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == nodes);
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String serverProperties(int nodeId, int brokerPort, int controllerPort, String voters, int rf, Path data) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=1",
                "default.replication.factor=" + rf,
                "offsets.topic.replication.factor=" + rf,
                "transaction.state.log.replication.factor=" + rf,
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=" + rf,
                "share.coordinator.state.topic.min.isr=1",
                "auto.create.topics.enable=false",
                "unclean.leader.election.enable=false",
                "group.initial.rebalance.delay.ms=0",
                // a killed broker is fenced (and its partitions get new leaders) within ~3 s instead of 9
                "broker.session.timeout.ms=3000",
                "broker.heartbeat.interval.ms=500",
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "log.cleaner.enable=false",
                "") ;
    }

    private static Process java(String classpath, Path dir, String logName, String mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-cp", classpath, mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(logName).toFile())).start();
    }

    /** The broker's classpath as the build resolved it (a test resource of this module). */
    static String brokerClasspath() {
        try (InputStream in = KafkaCluster.class.getResourceAsStream("/kafka-broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka-broker.classpath is not on the test classpath (built by journal-kafka's pom)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} distinct free loopback ports (held open together while chosen). */
    static int[] freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the port is free again either way
                }
            }
        }
    }

    /** {@code host:port,…} of the brokers still running. */
    public String bootstrap() {
        return IntStream.range(0, nodes).filter(i -> processes[i].isAlive())
                .mapToObj(i -> "127.0.0.1:" + brokerPorts[i]).collect(Collectors.joining(","));
    }

    /** {@code kafka://bootstrap/topic?partition=N}. */
    public String journalUri(String topic, int partition) {
        return "kafka://" + bootstrap() + "/" + topic + "?partition=" + partition;
    }

    public Admin admin() {
        return admin;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions, replication min(3, nodes), {@code min.insync.replicas} 2
     * with 3 nodes (else 1), records kept forever, and waits until every partition has a leader.
     */
    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /** As {@link #createTopic(String, int)}, with topic configs overriding those defaults. */
    public void createTopic(String topic, int partitions, Map<String, String> overrides) {
        short rf = (short) Math.min(3, nodes);
        Map<String, String> configs = new java.util.HashMap<>(Map.of(
                "min.insync.replicas", rf >= 3 ? "2" : "1", "retention.ms", "-1", "retention.bytes", "-1"));
        configs.putAll(overrides);
        NewTopic t = new NewTopic(topic, partitions, rf).configs(configs);
        try {
            admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("create topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> describe(topic).partitions().stream().allMatch(p -> p.leader() != null && p.isr().size() == rf));
    }

    private TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
    }

    /** Node ID (1-based) of the partition's current leader. */
    public int leaderOf(String topic, int partition) {
        try {
            TopicPartitionInfo p = describe(topic).partitions().get(partition);
            return p.leader().id();
        } catch (Exception e) {
            throw new IllegalStateException("describe " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The offset after the last record of the partition (its number of records when nothing was deleted). */
    public long endOffset(String topic, int partition) {
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, partition);
        try {
            return admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).all()
                    .get(30, TimeUnit.SECONDS).get(tp).offset();
        } catch (Exception e) {
            throw new IllegalStateException("list offsets of " + tp + ": " + e.getMessage(), e);
        }
    }

    /** SIGKILLs node {@code nodeId} (1-based) and waits until the process is gone. */
    public void kill(int nodeId) throws InterruptedException {
        Process p = processes[nodeId - 1];
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node " + nodeId + " did not die");
        }
    }

    public boolean isAlive(int nodeId) {
        return processes[nodeId - 1].isAlive();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package jp.ami.hes.coap;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import jp.ami.hes.IngestPath;
import jp.ami.hes.Transport;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.BatchFrame;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import jp.ami.hes.RecollectSender;
import jp.ami.hes.Sessions;
import jp.ami.protocol.recollect.RecollectRequest;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CoAP/UDP adapter for Wi-SUN border routers: {@code POST /batch} with a batch frame as payload
 * (application/octet-stream; larger than one datagram → block-wise, Block1). The response carries the
 * {@link AckFrame} as payload and is sent only after the journal append:
 *
 * <pre>
 * ack status        response code
 * JOURNALED         2.04 Changed
 * MALFORMED_BATCH   4.00 Bad Request
 * OVERLOADED_RETRY  5.03 Service Unavailable, Max-Age 2 (seconds before the router may resend)
 * </pre>
 *
 * A query on the URI (a router's {@code /batch?s=<batchSeq>}) is ignored; it gives each batch its own Block1
 * transfer key (Californium keys a transfer by peer and URI), so one router may upload several batches at once.
 * Blocks are 1 KiB ({@link #BLOCK_SIZE}). Configuration is built in code
 * ({@link Configuration#createStandardWithoutFile()}); no properties file is written.
 */
public final class CoapIngestServer implements AutoCloseable, RecollectSender {
    private static final Logger LOG = LoggerFactory.getLogger(CoapIngestServer.class);
    public static final String RESOURCE = "batch";

    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    /** Seconds a 5.03 tells the border router to wait before resending (Max-Age). */
    public static final int RETRY_AFTER_SECONDS = 2;
    public static final String RECOLLECT_RESOURCE = "recollect";

    /** Border router ({@code path << 32 | sourceId}) → the address its batches come from. */
    private final Sessions<InetSocketAddress> sessions = new Sessions<>(address -> true);
    private final IngestPath ingest;
    private final String host;
    private final int requestedPort;
    private CoapServer server;
    /** Requested receive buffer of the CoAP socket. */
    static final int UDP_RECEIVE_BUFFER_BYTES = 4 << 20;
    private CoapEndpoint endpoint;

    private final java.util.List<String> allowedSources;
    private SourceFilteringConnector connector;

    public CoapIngestServer(IngestPath ingest, String host, int port) {
        this(ingest, host, port, java.util.List.of());
    }

    /** With a source allow-list ({@link SourceFilteringConnector}; empty = every source). */
    public CoapIngestServer(IngestPath ingest, String host, int port, java.util.List<String> allowedSources) {
        this.ingest = ingest;
        this.host = host;
        this.requestedPort = port;
        this.allowedSources = java.util.List.copyOf(allowedSources); // validated by HesConfig, parsed at start
    }

    /** Throws {@link jp.ami.model.InvalidValueException} when {@code subnet} is not a subnet such as 10.1.0.0/16. */
    public static void checkSubnet(String subnet) {
        SourceFilteringConnector.rule(subnet);
    }

    /** Datagrams dropped before parsing because their source is not on the allow-list. */
    public long droppedDatagrams() {
        SourceFilteringConnector c = connector;
        return c == null ? 0 : c.dropped();
    }

    /** Messages per border router remembered for duplicate detection. */
    public static final int DEDUP_MESSAGES_PER_ROUTER = 64;

    /** The largest CoAP block (SZX 6): the head-end takes Block1 uploads in blocks this large. */
    public static final int BLOCK_SIZE = 1024;

    /**
     * The configuration both the server and test clients use: standard values, bodies up to one batch, and
     * 1 KiB blocks. Californium's default preferred block size (512) would make the server answer each 1 KiB
     * Block1 with a 2.31 asking for 512-byte blocks, doubling the datagrams (and round trips) per batch.
     */
    public static Configuration configuration() {
        CoapConfig.register();
        UdpConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, BatchFrame.MAX_BYTES);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, BLOCK_SIZE);
        config.set(CoapConfig.MAX_MESSAGE_SIZE, BLOCK_SIZE);
        // Duplicate detection per border router, bounded by count: Californium's default keeps every exchange
        // (request, response, 1 KiB block) for the whole EXCHANGE_LIFETIME (247 s), so its memory grows with the
        // message rate — 126,000 exchanges, ~660 B per meter, in the 1 M-meter e2e run. A late retransmission
        // that falls out of a router's last 64 messages is at worst taken again: a block of a finished transfer
        // is refused, and a whole batch again is absorbed by the head-end's own duplicate checks.
        config.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        config.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, DEDUP_MESSAGES_PER_ROUTER);
        // A burst of datagrams (border routers at a boundary, or junk from unknown sources) must not overflow the
        // socket's receive queue: a dropped request costs its router a 2–3 s CoAP retransmission. 4 MiB (Linux caps
        // it at net.core.rmem_max) and a receiver thread per core.
        config.set(UdpConfig.UDP_RECEIVE_BUFFER_SIZE, UDP_RECEIVE_BUFFER_BYTES);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, Math.max(1, Runtime.getRuntime().availableProcessors()));
        return config;
    }

    /** Binds and starts; port 0 picks a free port ({@link #port()}). */
    public CoapIngestServer start() {
        Configuration config = configuration();
        connector = new SourceFilteringConnector(
                new org.eclipse.californium.elements.UDPConnector(new InetSocketAddress(host, requestedPort), config), allowedSources);
        endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .setDataSerializerAndParser(new org.eclipse.californium.core.network.serialization.UdpDataSerializer(),
                        new PayloadCheckingUdpDataParser())
                .build();
        server = new CoapServer(config);
        server.addEndpoint(endpoint);
        server.add(new BatchResource(ingest, sessions));
        server.start();
        LOG.info("CoAP ingest listening on {}", endpoint.getAddress());
        return this;
    }

    /** The bound UDP port (after {@link #start()}). */
    public int port() {
        return endpoint.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.destroy();
            server = null;
        }
    }

    /**
     * Re-collection over CoAP: the border router is a CoAP server too, on the endpoint it sends its batches from;
     * the head-end POSTs the request to {@code coap://<that address>/recollect} (confirmable) from its own
     * endpoint. Chosen over piggy-backing on acks (the next batch may come after the cut-off) and over polling
     * (tens of thousands of routers polling cost more than a push when a request is due).
     */
    @Override
    public boolean send(RecollectRequest request) {
        InetSocketAddress to = sessions.of(request);
        CoapEndpoint ep = endpoint;
        if (to == null || ep == null) {
            return false;
        }
        Request post = Request.newPost();
        post.setConfirmable(true);
        post.setURI("coap://" + to.getAddress().getHostAddress() + ":" + to.getPort() + "/" + RECOLLECT_RESOURCE);
        post.setPayload(request.toBytes());
        post.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        post.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onTimeout() {
                LOG.info("re-collection request {} to {} timed out", request, to);
            }
        });
        ep.sendRequest(post);
        return true;
    }

    @Override
    public long[] sources() {
        return sessions.sources();
    }

    static final class BatchResource extends CoapResource {
        private final IngestPath ingest;
        private final Sessions<InetSocketAddress> sessions;

        BatchResource(IngestPath ingest, Sessions<InetSocketAddress> sessions) {
            super(RESOURCE);
            this.ingest = ingest;
            this.sessions = sessions;
            getAttributes().setTitle("A-route batch ingest");
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            byte[] payload = exchange.getRequestPayload();
            if (payload != null && payload.length >= BatchFrame.HEADER_LENGTH && payload[0] == BatchFrame.MAGIC_0
                    && payload[1] == BatchFrame.MAGIC_1) {
                long source = ByteBuffer.wrap(payload).getInt(BatchFrame.OFFSET_SOURCE_ID) & 0xFFFF_FFFFL;
                sessions.learn(payload[BatchFrame.OFFSET_PATH], source, exchange.getSourceSocketAddress());
            }
            ingest.submit(ByteBuffer.wrap(payload == null ? new byte[0] : payload), Transport.COAP)
                    .whenComplete((ack, error) -> {
                        if (error != null) {
                            LOG.error("ingest failed", error);
                            exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR);
                            return;
                        }
                        ResponseCode code = switch (ack.status()) {
                            case JOURNALED -> ResponseCode.CHANGED;
                            case MALFORMED_BATCH -> ResponseCode.BAD_REQUEST;
                            case OVERLOADED_RETRY -> ResponseCode.SERVICE_UNAVAILABLE;
                        };
                        Response response = new Response(code);
                        response.setPayload(ack.toBytes());
                        response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
                        if (code == ResponseCode.SERVICE_UNAVAILABLE) {
                            response.getOptions().setMaxAge(RETRY_AFTER_SECONDS);
                        }
                        exchange.respond(response);
                    });
        }
    }
}

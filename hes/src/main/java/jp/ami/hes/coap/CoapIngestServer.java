package jp.ami.hes.coap;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import jp.ami.hes.IngestPath;
import jp.ami.hes.Transport;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.BatchFrame;
import org.eclipse.californium.core.CoapResource;
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
 * OVERLOADED_RETRY  5.03 Service Unavailable
 * </pre>
 *
 * Configuration is built in code ({@link Configuration#createStandardWithoutFile()}); no properties file is written.
 */
public final class CoapIngestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoapIngestServer.class);
    public static final String RESOURCE = "batch";

    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    private final IngestPath ingest;
    private final String host;
    private final int requestedPort;
    private CoapServer server;
    private CoapEndpoint endpoint;

    public CoapIngestServer(IngestPath ingest, String host, int port) {
        this.ingest = ingest;
        this.host = host;
        this.requestedPort = port;
    }

    /** The configuration both the server and test clients use: standard values, bodies up to one batch. */
    public static Configuration configuration() {
        CoapConfig.register();
        UdpConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, BatchFrame.MAX_BYTES);
        return config;
    }

    /** Binds and starts; port 0 picks a free port ({@link #port()}). */
    public CoapIngestServer start() {
        Configuration config = configuration();
        endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress(host, requestedPort))
                .build();
        server = new CoapServer(config);
        server.addEndpoint(endpoint);
        server.add(new BatchResource(ingest));
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

    static final class BatchResource extends CoapResource {
        private final IngestPath ingest;

        BatchResource(IngestPath ingest) {
            super(RESOURCE);
            this.ingest = ingest;
            getAttributes().setTitle("A-route batch ingest");
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            byte[] payload = exchange.getRequestPayload();
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
                        exchange.respond(code, ack.toBytes(), MediaTypeRegistry.APPLICATION_OCTET_STREAM);
                    });
        }
    }
}

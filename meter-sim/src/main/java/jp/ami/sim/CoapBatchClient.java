package jp.ami.sim;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.server.resources.CoapExchange;
import java.util.function.Consumer;
import jp.ami.protocol.recollect.RecollectRequest;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * CoAP side of Wi-SUN border routers: each batch is a confirmable POST to {@code /batch?s=<batchSeq>}; the
 * head-end answers 2.04 Changed with the ack frame after journaling. Each border router has its own UDP endpoint,
 * as a real one has its own address: block-wise transfers of two routers' batches never share a (peer, URI)
 * transfer key. The {@code s} query (ignored by the head-end's resource) makes the URI, and so Californium's
 * Block1 transfer key, differ per batch: one router can have several batches in flight at once (without it a
 * second transfer to the same URI would be mixed into the first). A resend of a batch uses the same URI, after
 * the previous attempt has ended. All routers of one client share one pair of Californium executors (the
 * simulator runs thousands of routers in one process); each endpoint has one UDP receiver and one sender thread.
 * Endpoints are explicit and bound to loopback; no properties file is written.
 *
 * <p>Each router's endpoint also serves {@code POST /recollect}: the head-end sends its
 * {@link RecollectRequest} there (to the address the router's batches come from); the router answers 2.04 at once
 * and the {@link #onRecollect} handler sends the meters' answers later as ordinary batches.
 */
public final class CoapBatchClient implements BatchTransport {
    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    public static final String RECOLLECT_RESOURCE = "recollect";
    private final InetSocketAddress hes;
    private final String uri;
    private final Configuration config;
    private final Map<Integer, CoapClient> clients = new ConcurrentHashMap<>();
    private final long timeoutMillis;

    public CoapBatchClient(InetSocketAddress hes, long timeoutMillis) {
        this.hes = hes;
        this.uri = "coap://" + hes.getAddress().getHostAddress() + ":" + hes.getPort() + "/batch";
        this.config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_MESSAGE_SIZE, 1024);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 600 * 1024);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        config.set(CoapConfig.EXCHANGE_LIFETIME, 60, TimeUnit.SECONDS);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        this.timeoutMillis = timeoutMillis;
        this.mainExecutor = ExecutorsUtil.newScheduledThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new NamedThreadFactory("CoapBatchClient#"));
        this.secondaryExecutor = ExecutorsUtil.newDefaultSecondaryScheduler("CoapBatchClientTimer#");
    }

    /** Shared by every router's endpoint (the server of each router is given them, detached). */
    private final ScheduledExecutorService mainExecutor;
    private final java.util.concurrent.ScheduledThreadPoolExecutor secondaryExecutor;

    private volatile Consumer<RecollectRequest> recollectHandler;
    private final Map<Integer, CoapServer> servers = new ConcurrentHashMap<>();

    @Override
    public void onRecollect(Consumer<RecollectRequest> handler) {
        this.recollectHandler = handler;
    }

    private CoapClient client(int sourceId) {
        return clients.computeIfAbsent(sourceId, id -> {
            CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config)
                    .setInetSocketAddress(new InetSocketAddress(hes.getAddress(), 0)).build();
            // the border router is also a CoAP server on the same endpoint: the head-end POSTs /recollect to it
            CoapServer server = new CoapServer(config);
            server.setExecutors(mainExecutor, secondaryExecutor, true);
            server.addEndpoint(endpoint);
            server.add(new CoapResource(RECOLLECT_RESOURCE) {
                @Override
                public void handlePOST(CoapExchange exchange) {
                    RecollectRequest req;
                    try {
                        req = RecollectRequest.decode(exchange.getRequestPayload());
                    } catch (RuntimeException e) {
                        exchange.respond(CoAP.ResponseCode.BAD_REQUEST);
                        return;
                    }
                    exchange.respond(CoAP.ResponseCode.CHANGED);
                    Consumer<RecollectRequest> h = recollectHandler;
                    if (h != null) {
                        h.accept(req);
                    }
                }
            });
            server.start();
            servers.put(id, server);
            CoapClient c = new CoapClient("coap://" + hes.getAddress().getHostAddress() + ":" + hes.getPort() + "/batch");
            c.setEndpoint(endpoint);
            c.setTimeout(timeoutMillis);
            return c;
        });
    }

    @Override
    public CompletableFuture<AckFrame> send(CommPath path, int sourceId, long batchSeq, byte[] frame) {
        CompletableFuture<AckFrame> f = new CompletableFuture<>();
        Request post = Request.newPost();
        post.setConfirmable(true);
        post.setPayload(frame);
        // the Block1 transfer key is (peer, URI): a per-batch query lets one router have several batches in flight
        post.setURI(uri + "?s=" + batchSeq);
        post.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        client(sourceId).advanced(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                if (response.getCode() == CoAP.ResponseCode.CHANGED) {
                    try {
                        f.complete(AckFrame.decode(response.getPayload()));
                    } catch (RuntimeException e) {
                        f.completeExceptionally(e);
                    }
                } else {
                    f.completeExceptionally(new IllegalStateException("CoAP " + response.getCode() + " for batch " + batchSeq));
                }
            }

            @Override
            public void onError() {
                f.completeExceptionally(new IllegalStateException("CoAP request for batch " + batchSeq + " failed or timed out"));
            }
        }, post);
        return f.orTimeout(timeoutMillis * 2, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        for (CoapClient c : clients.values()) {
            c.shutdown();
        }
        for (CoapServer s : servers.values()) {
            s.destroy();
        }
        for (CoapClient c : clients.values()) {
            c.getEndpoint().destroy();
        }
        clients.clear();
        servers.clear();
        ExecutorsUtil.shutdownExecutorGracefully(1000, mainExecutor, secondaryExecutor);
    }
}

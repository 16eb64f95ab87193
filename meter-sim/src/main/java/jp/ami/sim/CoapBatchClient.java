package jp.ami.sim;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * CoAP side of Wi-SUN border routers: each batch is a confirmable POST to {@code /batch}; the head-end answers
 * 2.04 Changed with the ack frame after journaling. One explicit UDP endpoint on loopback; no properties file.
 */
public final class CoapBatchClient implements BatchTransport {
    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    private final CoapEndpoint endpoint;
    private final CoapClient client;
    private final long timeoutMillis;

    public CoapBatchClient(InetSocketAddress hes, long timeoutMillis) {
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_ACTIVE_PEERS, 10_000);
        config.set(CoapConfig.MAX_MESSAGE_SIZE, 1024);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 600 * 1024);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        config.set(CoapConfig.EXCHANGE_LIFETIME, 60, TimeUnit.SECONDS);
        this.endpoint = CoapEndpoint.builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress(hes.getAddress(), 0)).build();
        this.client = new CoapClient("coap://" + hes.getAddress().getHostAddress() + ":" + hes.getPort() + "/batch");
        this.client.setEndpoint(endpoint);
        this.client.setTimeout(timeoutMillis);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public CompletableFuture<AckFrame> send(CommPath path, int sourceId, long batchSeq, byte[] frame) {
        CompletableFuture<AckFrame> f = new CompletableFuture<>();
        Request post = Request.newPost();
        post.setConfirmable(true);
        post.setPayload(frame);
        post.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        client.advanced(new CoapHandler() {
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
        client.shutdown();
        endpoint.destroy();
    }
}

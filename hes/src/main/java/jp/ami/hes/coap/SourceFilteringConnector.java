package jp.ami.hes.coap;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jp.ami.model.InvalidValueException;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.RawDataChannel;

/**
 * The CoAP socket with a source allow-list in front of Californium: a datagram from an address outside every
 * allowed subnet (the border routers' backhaul) is dropped and counted before it is parsed, so junk from the
 * Internet side costs a hash of the address, not a CoAP parse. An empty list allows every source. The subnets are
 * Netty's {@link IpSubnetFilterRule} ({@code 10.1.0.0/16}, {@code 2001:db8::/32}, {@code 127.0.0.1/32}).
 */
final class SourceFilteringConnector implements Connector {
    private final Connector delegate;
    private final List<IpSubnetFilterRule> allowed;
    private final AtomicLong dropped = new AtomicLong();

    SourceFilteringConnector(Connector delegate, List<String> subnets) {
        this.delegate = delegate;
        this.allowed = subnets.stream().map(SourceFilteringConnector::rule).toList();
    }

    /** {@code a.b.c.d/n} or an IPv6 prefix; a bad one is a user error naming it. */
    static IpSubnetFilterRule rule(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            if (slash < 0) {
                throw new IllegalArgumentException("no prefix length");
            }
            return new IpSubnetFilterRule(cidr.substring(0, slash).strip(), Integer.parseInt(cidr.substring(slash + 1).strip()),
                    IpFilterRuleType.ACCEPT);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("coapAllow", cidr, "must be a subnet such as 10.1.0.0/16 or 2001:db8::/32");
        }
    }

    /** Datagrams dropped because their source is not allowed. */
    long dropped() {
        return dropped.get();
    }

    boolean allows(InetSocketAddress source) {
        if (allowed.isEmpty()) {
            return true;
        }
        for (IpSubnetFilterRule r : allowed) {
            if (r.matches(source)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void setRawDataReceiver(RawDataChannel receiver) {
        delegate.setRawDataReceiver(raw -> {
            if (allows(raw.getInetSocketAddress())) {
                receiver.receiveData(raw);
            } else {
                dropped.incrementAndGet();
            }
        });
    }

    @Override
    public void start() throws IOException {
        delegate.start();
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public void send(org.eclipse.californium.elements.RawData msg) {
        delegate.send(msg);
    }

    @Override
    public void setEndpointContextMatcher(EndpointContextMatcher matcher) {
        delegate.setEndpointContextMatcher(matcher);
    }

    @Override
    public InetSocketAddress getAddress() {
        return delegate.getAddress();
    }

    @Override
    public String getProtocol() {
        return delegate.getProtocol();
    }

    @Override
    public boolean isRunning() {
        return delegate.isRunning();
    }

    @Override
    public void processDatagram(DatagramPacket datagram) {
        delegate.processDatagram(datagram);
    }
}

package io.mysql2gp.miner.source;

import io.mysql2gp.common.metrics.Metrics;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.source.SourceEndpoint;
import io.mysql2gp.common.source.SourceException;
import io.mysql2gp.common.source.SourceTls;
import io.mysql2gp.miner.stream.TransactionTracker;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replication session with the source: a {@link BinaryLogClient} started at a stored position
 * whose events go to a {@link TransactionTracker}. The library's own reconnect is off: a lost
 * connection ends the session, and the daemon starts a new one from the position committed in
 * staging, so a transaction is never resumed in its middle.
 */
public final class BinlogReader {
    private static final Logger log = LoggerFactory.getLogger(BinlogReader.class);

    /** Connection settings of the replication session: the source account and TLS, plus replica settings. */
    public record Endpoint(SourceEndpoint source, long serverId, long heartbeatMillis, long connectTimeoutMillis) {
        @Override
        public String toString() {
            return source.user() + "@" + source.address() + " (replica server id " + serverId + ", ssl_mode "
                    + source.sslMode() + ")";
        }
    }

    private final SourceEndpoint endpoint;
    private final BinaryLogClient client;
    private final TransactionTracker tracker;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile long lastEventAt = System.currentTimeMillis();
    /** How far behind the source the last event read was (0 after a heartbeat: nothing newer exists). */
    private volatile long lagMillis;
    private volatile boolean stopping;

    public BinlogReader(Endpoint ep, BinlogPosition start, EventDeserializer deserializer, TransactionTracker tracker) {
        this.tracker = tracker;
        SourceEndpoint src = ep.source();
        this.endpoint = src;
        this.client = new BinaryLogClient(src.host(), src.port(), src.user(), src.password());
        client.setServerId(ep.serverId());
        client.setBinlogFilename(start.file());
        client.setBinlogPosition(start.position());
        client.setKeepAlive(false);
        client.setHeartbeatInterval(ep.heartbeatMillis());
        client.setConnectTimeout(ep.connectTimeoutMillis());
        client.setEventDeserializer(deserializer);
        configureTls(client, src);
        client.setThreadFactory(r -> {
            Thread t = new Thread(r, "binlog-reader");
            t.setDaemon(true);
            return t;
        });
        client.registerEventListener(this::onEvent);
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                fail(ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                fail(ex);
            }

            @Override
            public void onDisconnect(BinaryLogClient c) {
                ended.countDown();
            }
        });
    }

    /**
     * TLS as ssl_mode says, with our own socket layer in every mode but disabled: the library's own
     * verify_ca knows only the JVM's CAs (not ssl_ca), and its verify_identity checks the name a
     * reverse lookup of the address gives, not the configured host. So the library is told
     * verify_ca at most and our layer checks the host name.
     */
    static void configureTls(BinaryLogClient client, SourceEndpoint src) {
        SourceTls.Layer layer = SourceTls.layer(src);
        if (layer == null) {
            client.setSSLMode(SSLMode.DISABLED);
            return;
        }
        client.setSSLMode(switch (src.sslMode()) {
            case "preferred" -> SSLMode.PREFERRED;
            case "required" -> SSLMode.REQUIRED;
            default -> SSLMode.VERIFY_CA;
        });
        client.setSslSocketFactory(plain -> {
            try {
                return layer.wrap(plain);
            } catch (java.net.SocketException e) {
                throw e;
            } catch (IOException e) {
                throw (java.net.SocketException) new java.net.SocketException(e.getMessage()).initCause(e);
            }
        });
    }

    /**
     * Connects and starts streaming on the reader thread; throws if the connection cannot be made, a
     * {@link SourceException} naming ssl_mode/ssl_ca and host:port when TLS fails.
     */
    public void start(long timeoutMillis) throws IOException, TimeoutException {
        try {
            client.connect(timeoutMillis);
        } catch (IOException e) {
            if (SourceTls.isTlsFailure(e)) {
                throw new SourceException(SourceTls.failureText(endpoint, e), false, e);
            }
            throw e;
        }
    }

    private void onEvent(Event event) {
        long now = System.currentTimeMillis();
        lastEventAt = now;
        Metrics.EVENTS_READ.inc();
        com.github.shyiko.mysql.binlog.event.EventType type = event.getHeader().getEventType();
        if (type == com.github.shyiko.mysql.binlog.event.EventType.HEARTBEAT
                || type == com.github.shyiko.mysql.binlog.event.EventType.HEARTBEAT_V2) {
            lagMillis = 0;
        } else if (event.getHeader().getTimestamp() > 0) {
            lagMillis = Math.max(0, now - event.getHeader().getTimestamp());
        }
        if (failure != null || stopping) {
            return;
        }
        try {
            tracker.onEvent(event);
        } catch (InterruptedException e) {
            if (!stopping) {
                fail(e);
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void fail(Throwable t) {
        if (failure == null && !stopping) {
            failure = t;
        }
        // disconnect off the reader thread: the library joins its own thread on disconnect
        Thread d = new Thread(this::stop, "binlog-reader-stop");
        d.setDaemon(true);
        d.start();
    }

    /** Stops reading; safe to call more than once and from any thread. */
    public void stop() {
        stopping = true;
        try {
            client.disconnect();
        } catch (IOException e) {
            log.debug("source: disconnect: {}", e.getMessage());
        }
        ended.countDown();
    }

    public boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public Throwable failure() {
        return failure;
    }

    /** Seconds between the source writing the last event read and reading it; 0 when caught up. */
    public long lagSeconds() {
        Metrics.LAG_SECONDS.labelValues("miner").set(lagMillis / 1000.0);
        return lagMillis / 1000;
    }

    public long lastEventAt() {
        return lastEventAt;
    }

    public TransactionTracker tracker() {
        return tracker;
    }
}

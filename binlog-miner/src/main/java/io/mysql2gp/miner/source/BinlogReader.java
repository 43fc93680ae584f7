package io.mysql2gp.miner.source;

import io.mysql2gp.common.metrics.Metrics;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import io.mysql2gp.common.model.BinlogPosition;
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

    /** Connection settings of the replication session. */
    public record Endpoint(String host, int port, String user, String password, long serverId, String sslMode,
            long heartbeatMillis, long connectTimeoutMillis) {
        @Override
        public String toString() {
            return user + "@" + host + ":" + port + " (replica server id " + serverId + ")";
        }
    }

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
        this.client = new BinaryLogClient(ep.host(), ep.port(), ep.user(), ep.password());
        client.setServerId(ep.serverId());
        client.setBinlogFilename(start.file());
        client.setBinlogPosition(start.position());
        client.setKeepAlive(false);
        client.setHeartbeatInterval(ep.heartbeatMillis());
        client.setConnectTimeout(ep.connectTimeoutMillis());
        client.setEventDeserializer(deserializer);
        if (ep.sslMode() != null && !ep.sslMode().isBlank()) {
            client.setSSLMode(SSLMode.valueOf(ep.sslMode().toUpperCase(java.util.Locale.ROOT)));
        }
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

    /** Connects and starts streaming on the reader thread; throws if the connection cannot be made. */
    public void start(long timeoutMillis) throws IOException, TimeoutException {
        client.connect(timeoutMillis);
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

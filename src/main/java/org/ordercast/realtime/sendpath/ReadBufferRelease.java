package org.ordercast.realtime.sendpath;

import jakarta.servlet.http.WebConnection;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler;
import org.glassfish.tyrus.spi.Connection;

/**
 * Tyrus's servlet upgrade handler, which after every read lets go of the two buffers Tyrus keeps once they hold
 * nothing: 0.4 KB per connection that has ever received a frame, for as long as the connection lives. The handler
 * reads into a buffer sized to what the read brings; the frame reader copies that into a buffer of its own (at
 * least 256 bytes) and parses the frames in it. Both keep their buffer for the next read even when every byte of it
 * was parsed; without them, the next read allocates anew, as the first read did. A buffer that still holds part of
 * a frame is kept, for the rest to join it. It also gives Tyrus the upgraded connection through {@link SettledClose},
 * so that a connection closed the moment it opens is not released under the thread still serving its upgrade.
 *
 * <p>Reads of one connection come one at a time, each as a call of {@link #onDataAvailable}, and the reader parses
 * within it: the buffer is let go of on the same thread, after the reader is done with it. Made by
 * {@link PlainUpgrade} on Payara only, as it links against Tyrus; where the reader's field is not as expected,
 * nothing is let go of.
 */
public final class ReadBufferRelease extends TyrusHttpUpgradeHandler {

    private static final System.Logger LOG = System.getLogger(ReadBufferRelease.class.getName());
    private static volatile boolean unavailable;
    /** {@code TyrusHttpUpgradeHandler.connection}, the Tyrus connection whose reader parses the reads. */
    private static volatile Field connection;
    /** {@code TyrusHttpUpgradeHandler.buf}, what the handler read. */
    private static volatile Field readBuffer;

    /** Tyrus's handler is given the connection whose release waits until the upgrade is done with. */
    @Override
    public void init(WebConnection connection) {
        super.init(SettledClose.of(connection));
    }

    @Override
    public void onDataAvailable() {
        super.onDataAvailable();
        if (!unavailable) {
            release();
        }
    }

    private void release() {
        try {
            Field found = connection;
            Field read = readBuffer;
            if (found == null || read == null) {
                read = TyrusHandlers.accessible(TyrusHttpUpgradeHandler.class.getDeclaredField("buf"));
                found = TyrusHandlers.accessible(TyrusHttpUpgradeHandler.class.getDeclaredField("connection"));
                readBuffer = read;
                connection = found;
            }
            if (read.get(this) instanceof ByteBuffer kept && !kept.hasRemaining()) {
                read.set(this, null);
            }
            Object reader = found.get(this) instanceof Connection tyrus ? tyrus.getReadHandler() : null;
            if (reader != null && TyrusHandlers.field(reader, "buffer") instanceof ByteBuffer kept
                    && !kept.hasRemaining()) {
                TyrusHandlers.set(reader, "buffer", null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "Tyrus's frame readers keep their buffers: " + e);
        }
    }
}

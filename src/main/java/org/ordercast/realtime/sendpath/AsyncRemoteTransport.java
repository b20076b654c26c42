package org.ordercast.realtime.sendpath;

import jakarta.websocket.RemoteEndpoint;
import java.util.List;
import java.util.function.Consumer;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.hub.control.MessageTransport;

/** The portable send path: {@code RemoteEndpoint.Async.sendText} with a completion handler, one frame a send. */
final class AsyncRemoteTransport implements MessageTransport {

    private final RemoteEndpoint.Async remote;

    AsyncRemoteTransport(RemoteEndpoint.Async remote) {
        this.remote = remote;
    }

    @Override
    public void send(List<EncodedMessage> frames, Consumer<Throwable> done) {
        remote.sendText(frames.get(0).text(), result -> done.accept(result.isOK() ? null : result.getException()));
    }

    @Override
    public int maxBatch() {
        return 1;
    }
}

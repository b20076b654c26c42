package org.ordercast.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.ordercast.testing.Deployments;
import org.ordercast.testing.FanOutCheck;

/**
 * What a send path forced by {@code ordercast.ws.send-path} must keep: every connection takes it, fan-out delivers
 * everything in order, also to a subscriber that pauses, and a stalled subscriber is cut off without slowing the
 * others. One subclass per path, each with its own deployment.
 */
abstract class SendPathContract {

    @ArquillianResource
    URL base;

    static WebArchive deploymentWith(String path) {
        return Deployments.ordercast(Map.of("ordercast.ws.send-path", path));
    }

    abstract String path();

    @Test
    void everyPublicationReachesEverySubscriberInOrder() {
        FanOutCheck.everyPublicationReachesEverySubscriberInOrder(base, 20, 100);
        JsonObject paths = FanOutCheck.sendPaths(base);
        assertEquals(1, paths.size(), "every connection took the " + path() + " path: " + paths);
        assertTrue(paths.getJsonNumber(path()).longValue() >= 20, "every connection took the " + path() + " path: " + paths);
    }

    @Test
    void aSubscriberThatPausesGetsTheBacklogWholeAndInOrder() {
        FanOutCheck.aPausedSubscriberGetsEverythingInOrderWhenItReadsAgain(base);
    }

    @Test
    void aSubscriberThatStopsReadingIsClosedWith4008AndTheOthersKeepReceiving() {
        FanOutCheck.aStalledSubscriberIsDroppedAndTheOthersServed(base);
    }
}

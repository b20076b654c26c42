package org.ordercast.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Deployments;
import org.ordercast.testing.FanOutCheck;

/** With {@code ordercast.ws.send-path=portable}, fan-out keeps its guarantees on that path. */
@ExtendWith(ArquillianExtension.class)
class PortableSendPathIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.ordercast(Map.of("ordercast.ws.send-path", "portable"));
    }

    @Test
    void everyPublicationReachesEverySubscriberInOrder() {
        FanOutCheck.everyPublicationReachesEverySubscriberInOrder(base, 20, 100);
        JsonObject paths = FanOutCheck.sendPaths(base);
        assertEquals(1, paths.size(), "every connection took the portable path: " + paths);
        assertTrue(paths.getJsonNumber("portable").longValue() >= 20, "every connection took the portable path: " + paths);
    }

    @Test
    void aSubscriberThatStopsReadingIsClosedWith4008AndTheOthersKeepReceiving() {
        FanOutCheck.aStalledSubscriberIsDroppedAndTheOthersServed(base);
    }
}

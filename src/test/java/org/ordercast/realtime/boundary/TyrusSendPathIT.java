package org.ordercast.realtime.boundary;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@code tyrus} send path keeps fan-out's guarantees. */
@ExtendWith(ArquillianExtension.class)
class TyrusSendPathIT extends SendPathContract {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return deploymentWith("tyrus");
    }

    @Override
    String path() {
        return "tyrus";
    }
}

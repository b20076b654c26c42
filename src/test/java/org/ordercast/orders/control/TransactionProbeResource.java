package org.ordercast.orders.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.math.BigDecimal;
import org.ordercast.orders.entity.OrderCreated;
import org.ordercast.publish.entity.UserNotified;

/**
 * Deployed by tests only: fires {@link OrderCreated} inside a JTA transaction that it then commits or rolls back,
 * as a transactional producer would, so a test can watch what the broadcasters push for each outcome.
 */
@Path("test/transactions")
public class TransactionProbeResource {

    @Resource
    UserTransaction transaction;

    @Inject
    Event<OrderCreated> orderCreated;

    @Inject
    Event<UserNotified> userNotified;

    /** A personal notification (a durable channel) written inside a transaction that is then rolled back. */
    @POST
    @Path("rollback-user/{userId}")
    public String rollbackUserNotification(@PathParam("userId") String userId) throws Exception {
        transaction.begin();
        userNotified.fire(new UserNotified(userId, "test", "rolled back", "must never be seen", null));
        transaction.rollback();
        return "rolled back";
    }

    @POST
    @Path("{outcome}/{orderId}")
    public String fire(@PathParam("outcome") String outcome, @PathParam("orderId") String orderId) throws Exception {
        transaction.begin();
        orderCreated.fire(new OrderCreated(orderId, null, null, null, BigDecimal.ONE, "PENDING", outcome));
        if ("commit".equals(outcome)) {
            transaction.commit();
        } else {
            transaction.rollback();
        }
        return outcome;
    }
}

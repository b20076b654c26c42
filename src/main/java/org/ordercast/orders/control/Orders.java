package org.ordercast.orders.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ordercast.auth.entity.Identity;
import org.ordercast.orders.entity.NewOrder;
import org.ordercast.orders.entity.Order;
import org.ordercast.orders.entity.OrderCreated;
import org.ordercast.orders.entity.OrderFulfilled;
import org.ordercast.orders.entity.OrderStatus;
import org.ordercast.orders.entity.OrderStatusChanged;

/**
 * Places orders and moves them through the kitchen. Each change is committed with JPA and announced by a CDI
 * event fired inside the transaction; the broadcaster publishes it once the transaction commits. Reads run in a
 * transaction too, so that they work the same from request threads and from the container's scheduler.
 */
@ApplicationScoped
public class Orders {

    static final List<String> KITCHEN_ROLES = List.of("staff", "kitchen", "admin");

    @PersistenceContext(unitName = "ordercast")
    EntityManager em;

    @Inject
    Event<OrderCreated> created;

    @Inject
    Event<OrderStatusChanged> changed;

    @Inject
    Event<OrderFulfilled> fulfilled;

    @Transactional
    public Order place(NewOrder request, Identity caller) {
        boolean forSomeoneElse = request.customerId() != null && isKitchen(caller);
        String customer = forSomeoneElse ? request.customerId() : caller.userId();
        Instant now = Instant.now();
        var order = new Order(customer, request.customerName(), request.storeId(), request.items(), now);
        order.estimate(openOrders(), now);
        em.persist(order);
        created.fire(new OrderCreated(order.id(), order.aliasId(), order.customerId(), order.storeId(), order.total(),
                order.status().name(), "Order " + order.aliasId() + " placed", order.lines(), estimate(order)));
        return order;
    }

    /** Moves an order on; kitchen roles may make any allowed move, a customer may only cancel a pending order. */
    @Transactional
    public Order move(String id, OrderStatus next, Identity caller) {
        Order order = em.find(Order.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (order == null) {
            throw new NotFoundException("no order '" + id + "'");
        }
        boolean ownCancel = next == OrderStatus.CANCELLED && order.status() == OrderStatus.PENDING
                && caller.userId() != null && caller.userId().equals(order.customerId());
        if (!isKitchen(caller) && !ownCancel) {
            throw new ForbiddenException("only staff, kitchen or admin may change an order's status;"
                    + " a customer may cancel their own pending order");
        }
        Instant now = Instant.now();
        OrderStatus previous = order.moveTo(next, now);
        order.estimate(openOrders() - (next.open() ? 1 : 0), now);
        changed.fire(new OrderStatusChanged(order.id(), order.aliasId(), order.customerId(), order.storeId(),
                previous.name(), next.name(), "Order " + order.aliasId() + " is now " + next, estimate(order)));
        if (next == OrderStatus.COMPLETED) {
            fulfilled.fire(new OrderFulfilled(order.id(), order.storeId(), order.lines()));
        }
        return order;
    }

    @Transactional
    public Optional<Order> find(String id) {
        return Optional.ofNullable(em.find(Order.class, id));
    }

    /** A page of orders, newest first, filtered by whichever of status, store and customer are given. */
    @Transactional
    public List<Order> list(OrderStatus status, String store, String customer, int page, int size) {
        var jpql = new StringBuilder("select o from CustomerOrder o where 1 = 1");
        if (status != null) {
            jpql.append(" and o.status = :status");
        }
        if (store != null) {
            jpql.append(" and o.storeId = :store");
        }
        if (customer != null) {
            jpql.append(" and o.customerId = :customer");
        }
        var query = em.createQuery(jpql.append(" order by o.createdAt desc").toString(), Order.class);
        if (status != null) {
            query.setParameter("status", status);
        }
        if (store != null) {
            query.setParameter("store", store);
        }
        if (customer != null) {
            query.setParameter("customer", customer);
        }
        return query.setFirstResult(page * size).setMaxResults(size).getResultList();
    }

    /** Orders still waiting or being prepared: the kitchen's load. */
    @Transactional
    public int openOrders() {
        return em.createQuery("select count(o) from CustomerOrder o where o.status in :open", Long.class)
                .setParameter("open", List.of(OrderStatus.PENDING, OrderStatus.IN_PROGRESS))
                .getSingleResult().intValue();
    }


    /** Staff, kitchen and admin run the kitchen: they may move any order on. */
    public static boolean isKitchen(Identity caller) {
        return KITCHEN_ROLES.stream().anyMatch(caller::hasRole);
    }

    private static String estimate(Order order) {
        return order.estimatedReadyAt() == null ? null : order.estimatedReadyAt().toString();
    }
}

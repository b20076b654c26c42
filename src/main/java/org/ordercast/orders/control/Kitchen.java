package org.ordercast.orders.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.entity.Identity;
import org.ordercast.orders.entity.NewOrder;
import org.ordercast.orders.entity.Order;
import org.ordercast.orders.entity.OrderLine;
import org.ordercast.orders.entity.OrderStatus;

/**
 * The kitchen proof of concept's demo: sample orders, and a simulation that moves every open order one step
 * (PENDING → IN_PROGRESS → READY → COMPLETED) every {@code ordercast.kitchen.step-ms} until none is left.
 */
@ApplicationScoped
public class Kitchen {

    private static final System.Logger LOG = System.getLogger(Kitchen.class.getName());
    private static final Identity CHEF = new Identity("kitchen-simulation", Set.of("kitchen"), Set.of(),
            java.time.Instant.MAX);

    @Inject
    Orders orders;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "ordercast.kitchen.step-ms", defaultValue = "2000")
    long stepMillis;

    private ScheduledFuture<?> simulation;

    public List<Order> createSamples(Identity caller, String storeId) {
        return List.of(
                orders.place(new NewOrder("Test Customer", null, storeId, List.of(
                        new OrderLine("Large Fries", new BigDecimal("3.50"), 1, "fries"),
                        new OrderLine("Cheeseburger", new BigDecimal("8.50"), 1, "burger"))), caller),
                orders.place(new NewOrder("Jane Doe", null, storeId, List.of(
                        new OrderLine("Margherita", new BigDecimal("11.00"), 2, "pizza"))), caller),
                orders.place(new NewOrder("John Smith", null, storeId, List.of(
                        new OrderLine("Caesar Salad", new BigDecimal("7.25"), 1, "salad"),
                        new OrderLine("Lemonade", new BigDecimal("2.75"), 3, "lemonade"))), caller));
    }

    /** Starts the simulation if it is not running; true if this call started it. */
    public synchronized boolean simulate() {
        if (simulation != null && !simulation.isDone()) {
            return false;
        }
        simulation = scheduler.scheduleWithFixedDelay(this::step, stepMillis, stepMillis, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "kitchen simulation started, a step every " + stepMillis + " ms");
        return true;
    }

    public long stepMillis() {
        return stepMillis;
    }

    void step() {
        int moved = 0;
        for (Order order : orders.list(null, null, null, 0, 1000)) {
            OrderStatus next = switch (order.status()) {
                case PENDING -> OrderStatus.IN_PROGRESS;
                case IN_PROGRESS -> OrderStatus.READY;
                case READY -> OrderStatus.COMPLETED;
                case COMPLETED, CANCELLED -> null;
            };
            if (next != null) {
                try {
                    orders.move(order.id(), next, CHEF);
                    moved++;
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "simulation skipped order " + order.id() + ": " + e);
                }
            }
        }
        if (moved == 0) {
            stop();
            LOG.log(System.Logger.Level.INFO, "kitchen simulation finished: no open orders");
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (simulation != null) {
            simulation.cancel(false);
        }
    }
}

package org.ordercast.jobs.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ordercast.broker.control.Publications;
import org.ordercast.broker.entity.Message;
import org.ordercast.health.control.HubStats;
import org.ordercast.hub.control.Hub;
import org.ordercast.orders.control.Orders;
import org.ordercast.orders.entity.OrderStatus;

/**
 * {@code dashboard.metrics}: revenue, orders today, open orders, low-stock products and connected clients, looked
 * at once a second while anyone watches the dashboard and published only when a figure changed.
 */
@ApplicationScoped
public class Dashboard {

    @Inject
    Publications publications;

    @Inject
    Hub hub;

    @Inject
    HubStats stats;

    @Inject
    Orders orders;

    @Inject
    Dashboard self;

    @PersistenceContext(unitName = "ordercast")
    EntityManager em;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile JsonObject last;
    private ScheduledFuture<?> ticker;

    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        ticker = scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    void tick() {
        if (!hub.hasSubscribers("dashboard")) {
            return;
        }
        JsonObject figures = self.figures();
        if (!Objects.equals(figures, last)) {
            last = figures;
            publications.publishEventually("dashboard", Message.of("dashboard.metrics", Json.createObjectBuilder(figures)
                    .add("timestamp", Instant.now().toString()).build()));
        }
    }

    @Transactional
    public JsonObject figures() {
        long startOfDay = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        Number revenue = em.createQuery("select coalesce(sum(o.total), 0) from CustomerOrder o where o.status = :done",
                Number.class).setParameter("done", OrderStatus.COMPLETED).getSingleResult();
        long today = em.createQuery("select count(o) from CustomerOrder o where o.createdAt >= :start", Long.class)
                .setParameter("start", startOfDay).getSingleResult();
        long open = orders.openOrders();
        long low = em.createQuery("select count(p) from Product p where p.quantity <= p.threshold", Long.class)
                .getSingleResult();
        return Json.createObjectBuilder()
                .add("revenue", revenue.doubleValue())
                .add("ordersToday", today)
                .add("openOrders", open)
                .add("lowStockProducts", low)
                .add("connectedClients", stats.activeConnections())
                .build();
    }
}

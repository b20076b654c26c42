package org.ordercast.catalog.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import jakarta.validation.Validator;
import jakarta.ws.rs.BadRequestException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ordercast.catalog.entity.EventPayloads;
import org.ordercast.catalog.entity.EventType;
import org.ordercast.channels.entity.ChannelName;
import org.ordercast.inventory.entity.InventoryAlerted;
import org.ordercast.orders.entity.OrderCreated;
import org.ordercast.orders.entity.OrderStatusChanged;

/** Every event type ordercast carries, in one place. */
@ApplicationScoped
public class Catalog {

    public static final List<EventType> EVENTS = List.of(
            event("order.created", List.of("orders", "order", "store", "user"), OrderCreated.class,
                    "ORDER_CREATED (001), new_order (003), order_status created (004)", "an order was placed", false),
            event("order.status_changed", List.of("orders", "order", "store", "user"), OrderStatusChanged.class,
                    "ORDER_UPDATED, ORDER_STATUS_CHANGED (001), order_status_updated (003), order_update (004)",
                    "an order moved to another status", false),
            event("order.cancelled", List.of("orders", "order", "store", "user"), OrderStatusChanged.class,
                    "order_update cancelled (004)", "an order was cancelled", false),
            event("inventory.low_stock", List.of("inventory", "store"), InventoryAlerted.class,
                    "inventory_update low_stock (004)", "stock fell to or below its threshold", false),
            event("inventory.out_of_stock", List.of("inventory", "store"), InventoryAlerted.class,
                    "inventory_update out_of_stock (004)", "stock reached zero", false),
            event("inventory.restocked", List.of("inventory", "store"), InventoryAlerted.class,
                    "inventory_update restocked (004)", "stock rose back above its threshold", false),
            event("processing.status", List.of("processing"), EventPayloads.ProcessingStatus.class,
                    "status (000)", "phase, counts, timings, throughput, progress and ETA of a processing run", false),
            event("processing.log", List.of("logs"), EventPayloads.ProcessingLog.class,
                    "log messages (000)", "a log line of a processing run", false),
            event("queue.job_progress", List.of("queue"), EventPayloads.JobProgress.class,
                    "queue:job-progress (002)", "a background job's progress, 0-100", false),
            event("queue.job_completed", List.of("queue"), EventPayloads.JobFinished.class,
                    "queue:job-completed (002)", "a background job finished", false),
            event("queue.job_failed", List.of("queue"), EventPayloads.JobFinished.class,
                    "queue:job-failed (002)", "a background job failed", false),
            event("queue.stats", List.of("queue"), EventPayloads.QueueStats.class,
                    "queue:stats (002)", "jobs waiting, active, completed and failed", false),
            event("dashboard.metrics", List.of("dashboard"), EventPayloads.DashboardMetrics.class,
                    "dashboard:metrics (002)", "revenue, orders today, open orders, low stock, clients", false),
            event("commission.calculated", List.of("dashboard", "contract"), EventPayloads.Commission.class,
                    "commission:calculated (002)", "a contract's commission was calculated", true),
            event("commission.updated", List.of("dashboard", "contract"), EventPayloads.Commission.class,
                    "commission:updated (002)", "a commission's status changed", true),
            event("profile.updated", List.of("user"), EventPayloads.ProfileUpdated.class,
                    "PROFILE_UPDATED (001)", "a user's profile changed", true),
            event("customer.created", List.of("store"), EventPayloads.CustomerChanged.class,
                    "CUSTOMER_CREATED (001)", "a store got a new customer", true),
            event("customer.updated", List.of("store"), EventPayloads.CustomerChanged.class,
                    "CUSTOMER_UPDATED (001)", "a customer's details changed", true),
            event("store.updated", List.of("store"), EventPayloads.StoreUpdated.class,
                    "STORE_UPDATED (001)", "a store's details changed", true),
            event("product.updated", List.of("store"), EventPayloads.ProductUpdated.class,
                    "PRODUCT_UPDATED (001)", "a product changed", true),
            event("category.updated", List.of("store"), EventPayloads.CategoryUpdated.class,
                    "CATEGORY_UPDATED (001)", "a product category changed", true),
            event("notification", List.of("user", "role", "broadcast"), EventPayloads.Notification.class,
                    "GENERAL_NOTIFICATION (001), user_notification (004)", "a message for people to read", true));

    private static final Map<String, EventType> BY_NAME = EVENTS.stream()
            .collect(Collectors.toMap(EventType::name, Function.identity()));
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    Validator validator;

    public static Optional<EventType> of(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * Checks what a service publishes: a catalog event must go to one of its namespaces and its {@code data} must
     * be its payload, valid. Events outside the catalog are the service's own business and pass.
     */
    public void check(String channel, String event, JsonValue data) {
        EventType type = BY_NAME.get(event);
        if (type == null) {
            return;
        }
        String namespace = ChannelName.parse(channel).namespace();
        if (!type.namespaces().contains(namespace)) {
            throw new BadRequestException("event '" + event + "' belongs on " + type.namespaces() + ", not on '" + channel + "'");
        }
        if (!type.servicesPublish()) {
            return;
        }
        if (!(data instanceof JsonObject)) {
            throw new BadRequestException("data of '" + event + "' must be an object with " + fields(type));
        }
        Record payload;
        try {
            payload = JSONB.fromJson(data.toString(), type.payload());
        } catch (JsonbException e) {
            throw new BadRequestException("data of '" + event + "' does not fit " + fields(type));
        }
        var violations = validator.validate(payload);
        if (!violations.isEmpty()) {
            throw new BadRequestException("data of '" + event + "': " + violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
    }

    /** The payload's fields and their JSON types, for documents and error messages. */
    public static Map<String, String> fields(EventType type) {
        var fields = new java.util.LinkedHashMap<String, String>();
        for (var component : type.payload().getRecordComponents()) {
            fields.put(component.getName(), JsonTypes.of(component.getType()));
        }
        return fields;
    }

    private static EventType event(String name, List<String> namespaces, Class<? extends Record> payload,
                                   String seeds, String description, boolean servicesPublish) {
        return new EventType(name, namespaces, payload, List.of(seeds.split(", ")), description, servicesPublish);
    }

}

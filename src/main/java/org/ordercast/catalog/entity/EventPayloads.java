package org.ordercast.catalog.entity;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotBlank;

/** The payload records of the events that have no domain record elsewhere: account, store, processing, queue, dashboard. */
public final class EventPayloads {

    private EventPayloads() {
    }

    public record ProfileUpdated(@NotBlank String userId, String action, JsonObject profile, JsonObject updatedFields) {
    }

    public record CustomerChanged(@NotBlank String customerId, String customerName, String storeId, String action) {
    }

    public record StoreUpdated(@NotBlank String storeId, String name, JsonObject changes) {
    }

    public record ProductUpdated(@NotBlank String productId, String name, String storeId, JsonObject changes) {
    }

    public record CategoryUpdated(@NotBlank String categoryId, String name, String storeId) {
    }

    public record Notification(String type, @NotBlank String title, @NotBlank String message, JsonValue data) {
    }

    public record ProcessingStatus(String phase, int vipCount, int normalCount, JsonObject timings, double throughput,
                                   double progress, Double etaSeconds) {
    }

    public record ProcessingLog(String level, String category, String message, String timestamp) {
    }

    public record JobProgress(String jobId, String type, int progress, String message) {
    }

    public record JobFinished(String jobId, String type, String error, JsonValue result) {
    }

    public record QueueStats(int waiting, int active, int completed, int failed) {
    }

    public record DashboardMetrics(double revenue, int ordersToday, int openOrders, int lowStockProducts,
                                   int connectedClients, String timestamp) {
    }

    public record Commission(String id, String contractId, double commissionAmount, double totalRevenue, String period,
                             String status) {
    }
}

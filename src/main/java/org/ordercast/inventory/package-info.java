/**
 * Inventory: stock alerts. An alert is raised once per threshold crossing (low stock, out of stock, restocked), not
 * on every update, and routed to {@code inventory} and the product's {@code store:<id>} after commit.
 */
package org.ordercast.inventory;

/**
 * Orders: domain events about orders and the broadcaster that routes them to {@code orders}, {@code order:<id>},
 * {@code user:<customer>} and {@code store:<id>} after the change that caused them committed.
 */
package org.ordercast.orders;

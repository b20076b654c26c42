/**
 * The REST API through which services publish: raw channel publications ({@code /publish}, {@code /broadcast}) and
 * the notification endpoints of the OMS gateway, which fire domain events that the broadcasters route. A repeated
 * {@code idempotencyKey} returns the first publication instead of publishing twice.
 */
package org.ordercast.publish;

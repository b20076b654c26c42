/**
 * The local side of delivery: each subscriber (a WebSocket connection, an SSE stream, a waiting long-poll) has a
 * bounded outbound queue fed by real write completion, with one send in flight, so a slow client is cut off instead
 * of slowing anyone else. Close codes are defined here once, for every transport.
 */
package org.ordercast.hub;

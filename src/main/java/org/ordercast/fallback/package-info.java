/**
 * The HTTP fallbacks for clients that cannot use WebSocket: the SSE stream and polling, with the WebSocket's
 * cursor and recovery. The SSE stream is a servlet, because only the servlet's non-blocking output (and, on Payara,
 * Grizzly's write queue) says when bytes were really written, which the slow-consumer cut-off needs. Streams and
 * waiting long-polls are registered so that an administrator can end them.
 */
package org.ordercast.fallback;

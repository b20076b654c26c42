/**
 * The envelope protocol at {@code /ws/envelope}: a plain WebSocket speaking {@code {type, data, timestamp, userId?,
 * storeId?, sessionId?}} frames, for front ends written against such a server (seed 001). A client authenticates
 * with a token ({@code authenticate}), hears its user's, its stores' and everyone's events under upper-case types
 * ({@code ORDER_CREATED}, {@code PROFILE_UPDATED}, ...), and resumes after a reconnect with the {@code cursor} of the
 * last frame it got.
 */
package org.ordercast.envelope;

/**
 * Identity: one {@link org.ordercast.auth.control.TokenVerifier} checks every token that reaches ordercast in-band
 * (upgrade header, {@code access_token}, {@code authenticate} frame) with the same {@code mp.jwt.verify.*} settings
 * the container's MP-JWT uses for the REST API, so both paths accept and refuse the same tokens. The development
 * token issuer exists only when {@code ordercast.dev.tokens} is on and a private key is configured.
 */
package org.ordercast.auth;

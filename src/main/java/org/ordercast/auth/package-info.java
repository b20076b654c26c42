/**
 * Identity: one {@link org.ordercast.auth.control.TokenVerifier} checks every token that reaches ordercast (REST
 * header, SSE {@code access_token}, WebSocket upgrade header or query, {@code authenticate} frame) with the
 * {@code mp.jwt.verify.*} settings, so every path accepts and refuses the same tokens on every server. The
 * container's MP-JWT is left out (no {@code @LoginConfig}): it answered refusals with HTML before ordercast could,
 * and differed between servers. Roles are enforced by {@code @Roles}, and every refusal is problem+json with an
 * RFC 6750 challenge. The development token issuer exists only when {@code ordercast.dev.tokens} is on and a
 * private key is configured.
 */
package org.ordercast.auth;

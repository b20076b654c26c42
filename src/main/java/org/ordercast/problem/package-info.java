/**
 * Errors of the REST API as {@code application/problem+json} (RFC 9457): a status, a title and a detail a caller can
 * act on. Nothing internal (class names, stack traces) reaches a client; unexpected failures are logged once here.
 */
package org.ordercast.problem;

/**
 * The one data source every feature's persistence unit uses, configured the same way on every server (H2 by default,
 * PostgreSQL for several nodes) from system properties and environment variables rather than vendor expressions.
 */
package org.ordercast.database;

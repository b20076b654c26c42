/**
 * The event catalog: the one list of every event type ordercast carries, the namespaces it goes to, its payload
 * record and the seed systems' names for it. It validates what services publish, and serves itself as
 * {@code /api/v1/catalog} and as an AsyncAPI 3 document at {@code /asyncapi.json}.
 */
package org.ordercast.catalog;

/**
 * Operations: MicroProfile Health checks and the WebSocket statistics of the seed systems
 * ({@code /api/v1/websocket/*}, in both seeds' shapes at once so existing monitors keep working), plus the admin
 * disconnect. On several nodes each node shares its figures and the totals count every live node; a disconnect is
 * carried out here and sent to the others. The user lists name people, so they need an operations role.
 */
package org.ordercast.health;

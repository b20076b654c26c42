/**
 * Who is in each presence-enabled channel, counted per user, and the coalesced {@code presence} frames that
 * announce joins and leaves. Presence is not a publication: no offset, no history. One node keeps it in memory;
 * several keep it in Redis per connection, with an expiry each node refreshes for its own connections, so the users
 * of a node that dies leave within the presence TTL.
 */
package org.ordercast.presence;

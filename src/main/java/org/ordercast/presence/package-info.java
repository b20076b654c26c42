/**
 * Who is in each presence-enabled channel, counted per user, and the coalesced {@code presence} frames that
 * announce joins and leaves. Presence is not a publication: no offset, no history.
 */
package org.ordercast.presence;

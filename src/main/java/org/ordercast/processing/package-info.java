/**
 * Processing runs of the NestJS dashboard: generate N orders, enqueue the VIP ones first, then the rest, process
 * them at a set rate, with pause and resume. Status goes to {@code processing} (keep-last, so a new dashboard sees
 * the current state at once) coalesced to a few publications a second however fast the run goes; log lines go to
 * {@code logs}.
 */
package org.ordercast.processing;

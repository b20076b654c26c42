package org.ordercast.broker.entity;

/**
 * An instruction from one node to the others (e.g. close a user's connections), fired as a CDI event on every node
 * but the sender's: {@code from} is the sending node's id.
 */
public record ControlMessage(String from, String action, String argument) {
}

package org.ordercast.broker.control;

/** The broker's backing store cannot be reached: nothing was published; the caller may retry shortly. */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message) {
        super(message);
    }
}

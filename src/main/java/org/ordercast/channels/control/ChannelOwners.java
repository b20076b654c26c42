package org.ordercast.channels.control;

import org.ordercast.auth.entity.Identity;
import org.ordercast.channels.entity.ChannelName;

/**
 * A domain's answer to "does the thing this channel is about belong to this user?", for namespaces whose policy
 * has the {@code customer} grant (an order's customer may follow {@code order:<id>}).
 */
public interface ChannelOwners {

    boolean owns(Identity who, ChannelName channel);
}

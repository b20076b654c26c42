package org.ordercast.broker.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ordercast.broker.entity.Message;
import org.ordercast.channels.control.Policies;
import org.ordercast.channels.entity.ChannelName;

/**
 * What broadcasters publish through, from inside the producer's transaction when there is one. Durable channels
 * get the message written in that transaction (an outbox: it exists exactly when the change does); the others get
 * it after the commit, and nothing at all if the transaction rolls back. Without a transaction, at once.
 */
@ApplicationScoped
public class TransactionalPublisher {

    @Inject
    Publications publications;

    @Inject
    Policies policies;

    @Resource
    TransactionSynchronizationRegistry transactions;

    public void publish(Message message, Collection<String> channels) {
        boolean inTransaction = transactions.getTransactionStatus() == Status.STATUS_ACTIVE;
        List<String> afterCommit = new ArrayList<>();
        for (String channel : channels) {
            boolean durable = policies.of(ChannelName.parse(channel)).map(p -> p.durable()).orElse(false);
            if (durable || !inTransaction) {
                publications.publishEventually(channel, message);
            } else {
                afterCommit.add(channel);
            }
        }
        if (!afterCommit.isEmpty()) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        afterCommit.forEach(channel -> publications.publishEventually(channel, message));
                    }
                }
            });
        }
    }
}

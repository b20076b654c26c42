package org.ordercast.broker.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.ordercast.broker.entity.DurableChannel;

/**
 * Creates a durable channel's row in a transaction of its own, so that two first publications racing for the
 * same channel cannot fail each other's business transaction.
 */
@ApplicationScoped
public class DurableChannels {

    @PersistenceContext(unitName = "ordercast")
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void create(String channel) {
        if (em.find(DurableChannel.class, channel) == null) {
            em.persist(new DurableChannel(channel));
            em.flush();
        }
    }
}

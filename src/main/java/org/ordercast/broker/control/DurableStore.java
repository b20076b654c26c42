package org.ordercast.broker.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.ordercast.broker.entity.DurableChannel;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.StoredPublication;

/**
 * The database side of durable channels. {@link #append} joins the caller's transaction (an outbox: the
 * publication exists exactly when the caller's change does) and numbers it under the channel row's lock, so
 * committed offsets are always gap-free; after commit the broker is told to fan out.
 */
@ApplicationScoped
public class DurableStore {

    @PersistenceContext(unitName = "ordercast")
    EntityManager em;

    @Inject
    DurableChannels channels;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile Consumer<String> committed = channel -> { };

    /** Who hears, after each commit, which durable channel got new publications. */
    void onCommitted(Consumer<String> listener) {
        committed = listener;
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public Publication append(String channel, Message message) {
        ensure(channel);
        DurableChannel row = em.find(DurableChannel.class, channel, LockModeType.PESSIMISTIC_WRITE);
        Publication publication = Publication.of(channel, row.next(), row.epoch(), message);
        em.persist(new StoredPublication(publication));
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    committed.accept(channel);
                }
            }
        });
        return publication;
    }

    /** The channel's epoch and last committed offset, creating its row on first use. */
    @Transactional
    public DurableChannel state(String channel) {
        ensure(channel);
        return em.find(DurableChannel.class, channel);
    }

    private void ensure(String channel) {
        if (known.contains(channel)) {
            return;
        }
        try {
            channels.create(channel);
        } catch (RuntimeException e) {
            if (em.find(DurableChannel.class, channel) == null) {
                throw e;
            }
            // a concurrent first publication created it
        }
        known.add(channel);
    }

    /** Committed publications with {@code after < offset <= upTo}, in order. */
    @Transactional
    public List<Publication> between(String channel, long after, long upTo) {
        return em.createQuery("select p from StoredPublication p where p.channel = :c and p.offset > :after"
                        + " and p.offset <= :upTo order by p.offset", StoredPublication.class)
                .setParameter("c", channel).setParameter("after", after).setParameter("upTo", upTo)
                .getResultList().stream().map(StoredPublication::toPublication).toList();
    }

    /** Up to {@code limit} stored publications after {@code after}, as rows (for read marks). */
    @Transactional
    public List<StoredPublication> page(String channel, long after, int limit) {
        return em.createQuery("select p from StoredPublication p where p.channel = :c and p.offset > :after"
                        + " order by p.offset", StoredPublication.class)
                .setParameter("c", channel).setParameter("after", after).setMaxResults(limit).getResultList();
    }

    @Transactional
    public Optional<Instant> markRead(String channel, String messageId) {
        var rows = em.createQuery("select p from StoredPublication p where p.channel = :c and p.messageId = :m",
                StoredPublication.class).setParameter("c", channel).setParameter("m", messageId).getResultList();
        rows.forEach(row -> row.markRead(Instant.now()));
        return rows.stream().findFirst().map(StoredPublication::readAt);
    }

    /** Drops a namespace's publications past its size or age; the channel rows keep their offsets. */
    @Transactional
    public int trim(String namespace, int size, Duration ttl) {
        String prefix = namespace + ":%";
        int old = em.createQuery("delete from StoredPublication p where p.channel like :ns and p.createdAt < :cutoff")
                .setParameter("ns", prefix).setParameter("cutoff", Instant.now().minus(ttl).toEpochMilli()).executeUpdate();
        int excess = em.createQuery("delete from StoredPublication p where p.channel like :ns and p.offset + :size"
                        + " <= (select c.lastOffset from DurableChannel c where c.name = p.channel)")
                .setParameter("ns", prefix).setParameter("size", (long) size).executeUpdate();
        return old + excess;
    }
}

package org.ordercast.inventory.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Optional;
import org.ordercast.inventory.entity.InventoryAlerted;
import org.ordercast.inventory.entity.Product;
import org.ordercast.inventory.entity.StockChange;
import org.ordercast.inventory.entity.StockStatus;
import org.ordercast.orders.entity.OrderFulfilled;

/**
 * Stock levels. Every change runs in a transaction and fires {@link InventoryAlerted} inside it when a threshold
 * or zero is crossed; a change that fails (stock below zero) rolls back, alerts included.
 */
@ApplicationScoped
public class Inventory {

    @PersistenceContext(unitName = "ordercast")
    EntityManager em;

    @Inject
    Event<InventoryAlerted> alerts;

    @Transactional
    public Product set(String productId, StockChange.Level level) {
        Product product = em.find(Product.class, productId, LockModeType.PESSIMISTIC_WRITE);
        Integer previous = null;
        if (product == null) {
            product = new Product(productId);
            em.persist(product);
        } else {
            previous = product.quantity();
        }
        product.describe(level.name(), level.storeId(), level.threshold());
        alert(product, previous, product.stock(previous, level.quantity()));
        return product;
    }

    /** Applies every delta or none: one that would go below zero rolls the whole batch back. */
    @Transactional
    public List<Product> adjust(List<StockChange.Delta> deltas) {
        return deltas.stream().map(d -> {
            Product product = em.find(Product.class, d.productId(), LockModeType.PESSIMISTIC_WRITE);
            if (product == null) {
                throw new NotFoundException("no product '" + d.productId() + "'");
            }
            int previous = product.quantity();
            alert(product, previous, product.adjust(d.delta()));
            return product;
        }).toList();
    }

    @Transactional
    public List<Product> list(boolean lowOnly, String store) {
        var jpql = new StringBuilder("select p from Product p where 1 = 1");
        if (lowOnly) {
            jpql.append(" and p.quantity <= p.threshold");
        }
        if (store != null) {
            jpql.append(" and p.storeId = :store");
        }
        var query = em.createQuery(jpql.append(" order by p.id").toString(), Product.class);
        if (store != null) {
            query.setParameter("store", store);
        }
        return query.getResultList();
    }

    @Transactional
    public Optional<Product> find(String productId) {
        return Optional.ofNullable(em.find(Product.class, productId));
    }

    /** A completed order takes its items out of stock, as far as there is stock; unknown products are skipped. */
    void fulfilled(@Observes OrderFulfilled order) {
        for (var line : order.items()) {
            Product product = line.productId == null ? null
                    : em.find(Product.class, line.productId, LockModeType.PESSIMISTIC_WRITE);
            if (product != null) {
                int previous = product.quantity();
                alert(product, previous, product.stock(previous, Math.max(0, previous - line.quantity)));
            }
        }
    }

    private void alert(Product product, Integer previous, Optional<StockStatus> crossing) {
        crossing.ifPresent(status -> alerts.fire(new InventoryAlerted(product.id(), product.name(), product.storeId(),
                product.quantity(), previous, product.threshold(), status.wireName())));
    }
}

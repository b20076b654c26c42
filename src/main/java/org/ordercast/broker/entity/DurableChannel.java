package org.ordercast.broker.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A channel whose publications live in the database: its epoch and the last offset it gave out. */
@Entity
@Table(name = "OC_DURABLE_CHANNEL")
public class DurableChannel {

    @Id
    @Column(length = 200)
    private String name;

    @Column(nullable = false, length = 16)
    private String epoch;

    @Column(name = "LAST_OFFSET", nullable = false)
    private long lastOffset;

    protected DurableChannel() {
    }

    public DurableChannel(String name) {
        this.name = name;
        this.epoch = UUID.randomUUID().toString().substring(0, 8);
    }

    /** Takes the next offset; the caller holds this row's lock until its transaction ends. */
    public long next() {
        return ++lastOffset;
    }

    public String name() {
        return name;
    }

    public String epoch() {
        return epoch;
    }

    public long lastOffset() {
        return lastOffset;
    }
}

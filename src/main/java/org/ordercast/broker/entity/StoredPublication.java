package org.ordercast.broker.entity;

import jakarta.json.Json;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.Instant;

/** A publication of a durable channel, written in the publishing transaction before anyone receives it. */
@Entity
@Table(name = "OC_PUBLICATION", indexes = {
        @Index(name = "OC_PUBLICATION_CURSOR", columnList = "CHANNEL, PUB_OFFSET", unique = true),
        @Index(name = "OC_PUBLICATION_MESSAGE", columnList = "MESSAGE_ID")})
public class StoredPublication {

    /** {@code <channel>#<offset>}: unique, and needs no generator that differs between databases. */
    @Id
    @Column(length = 240)
    private String id;

    @Column(name = "CHANNEL", nullable = false, length = 200)
    private String channel;

    @Column(name = "PUB_OFFSET", nullable = false)
    private long offset;

    @Column(nullable = false, length = 16)
    private String epoch;

    @Column(name = "MESSAGE_ID", nullable = false, length = 64)
    private String messageId;

    @Column(nullable = false, length = 200)
    private String event;

    @Column(name = "DATA", length = 1_000_000)
    private String data;

    @Column(length = 200)
    private String userId;

    @Column(length = 200)
    private String storeId;

    /** Epoch milliseconds: JPA 3.1 has no {@code Instant} mapping. */
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "READ_AT")
    private Long readAt;

    protected StoredPublication() {
    }

    public StoredPublication(Publication publication) {
        Message m = publication.message();
        this.id = publication.channel() + '#' + publication.offset();
        this.channel = publication.channel();
        this.offset = publication.offset();
        this.epoch = publication.epoch();
        this.messageId = m.id();
        this.event = m.event();
        this.data = m.data().toString();
        this.userId = m.userId();
        this.storeId = m.storeId();
        this.createdAt = m.timestamp().toEpochMilli();
    }

    public Publication toPublication() {
        try (var reader = Json.createReader(new StringReader(data))) {
            var message = new Message(messageId, event, reader.readValue(), userId, storeId,
                    Instant.ofEpochMilli(createdAt));
            return Publication.of(channel, offset, epoch, message);
        }
    }

    public void markRead(Instant when) {
        if (readAt == null) {
            readAt = when.toEpochMilli();
        }
    }

    public Instant readAt() {
        return readAt == null ? null : Instant.ofEpochMilli(readAt);
    }
}

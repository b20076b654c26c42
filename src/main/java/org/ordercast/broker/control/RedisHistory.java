package org.ordercast.broker.control;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ordercast.broker.entity.EncodedMessage;
import org.ordercast.broker.entity.Message;
import org.ordercast.broker.entity.Position;
import org.ordercast.broker.entity.Publication;
import org.ordercast.broker.entity.PublishOptions;
import org.ordercast.broker.entity.Since;

/**
 * A channel's epoch, offsets and history in Redis, under the channel's hash tag: {@code oc:{c}:meta} (epoch, last
 * offset), {@code oc:{c}:hist} (a stream whose entry id is the offset), {@code oc:{c}:idem:<publisher>:<key>}; and the
 * pub/sub channel {@code oc.ch.{c}} that carries each complete frame. Every operation is one Lua script.
 */
final class RedisHistory {

    static final String PUBLISH = "publish.lua";
    static final String POSITION = "position.lua";
    static final String READ = "read.lua";

    private final RedisScripts scripts = new RedisScripts(RedisHistory.class, PUBLISH, POSITION, READ);
    private final RedisClusterCommands<String, String> redis;
    private final Duration metaTtl;

    RedisHistory(RedisClusterCommands<String, String> redis, Duration metaTtl) {
        this.redis = redis;
        this.metaTtl = metaTtl;
    }

    static String meta(String channel) {
        return "oc:{" + channel + "}:meta";
    }

    static String history(String channel) {
        return "oc:{" + channel + "}:hist";
    }

    static String topic(String channel) {
        return "oc.ch.{" + channel + "}";
    }

    static String channelOf(String topic) {
        return topic.substring("oc.ch.{".length(), topic.length() - 1);
    }

    private static String newEpoch() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Numbers, stores and publishes the message; see {@link Broker#publish}. */
    Publication publish(String channel, Message message, PublishOptions options) {
        String[] frame = Publication.frameAround(channel, message);
        var idempotency = options.idempotency();
        String[] keys = idempotency == null ? new String[] {meta(channel), history(channel)}
                : new String[] {meta(channel), history(channel),
                        "oc:{" + channel + "}:idem:" + idempotency.publisher() + ":" + idempotency.key()};
        List<Object> answer = scripts.run(redis, PUBLISH, ScriptOutputType.MULTI, keys, frame[0], frame[1],
                String.valueOf(options.historySize()), String.valueOf(Math.max(1, options.historyTtl().toSeconds())),
                String.valueOf(metaTtl.toSeconds()), newEpoch(), topic(channel),
                idempotency == null ? "" : idempotency.request(),
                idempotency == null ? "0" : String.valueOf(Math.max(1, idempotency.ttl().toSeconds())),
                options.keepLast() ? "1" : "0");
        if ("conflict".equals(answer.get(0))) {
            throw new IdempotencyConflictException(idempotency.key(), null);
        }
        long offset = Long.parseLong((String) answer.get(1));
        String epoch = (String) answer.get(2);
        return new Publication(channel, offset, epoch, message,
                new EncodedMessage(frame[0] + offset + ",\"epoch\":\"" + epoch + "\"" + frame[1],
                        Publication.acceptedAt(message)));
    }

    /** Where the channel stands, creating its epoch if it has none: {@code [epoch, offset]}. */
    List<Object> position(String channel) {
        return scripts.run(redis, POSITION, ScriptOutputType.MULTI, new String[] {meta(channel), history(channel)},
                newEpoch(), String.valueOf(metaTtl.toSeconds()));
    }

    /** See {@link Broker#read}: a whole replay after {@code since}, or {@code recovered: false}; never a part. */
    Position read(String channel, Since since, int limit, boolean keepLast) {
        boolean fromStart = since != null && since.offset() == 0;
        List<Object> answer = scripts.run(redis, READ, ScriptOutputType.MULTI,
                new String[] {meta(channel), history(channel)},
                since == null ? "" : String.valueOf(since.offset()), String.valueOf(limit), keepLast ? "1" : "0");
        String epoch = (String) answer.get(0);
        long offset = Long.parseLong((String) answer.get(1));
        if (epoch.isEmpty()) {
            return new Position(channel, since != null ? since.epoch() : Since.NO_EPOCH, 0, fromStart,
                    List.of(), null);
        }
        var publications = new ArrayList<Publication>(answer.size() - 2);
        for (int i = 2; i < answer.size(); i++) {
            publications.add(Publication.fromFrame((String) answer.get(i)));
        }
        if (since == null) {
            return new Position(channel, epoch, offset, false, List.of(),
                    publications.isEmpty() ? null : publications.get(0));
        }
        boolean sameEpoch = epoch.equals(since.epoch()) || fromStart;
        long expected = Math.min(limit, offset - since.offset());
        boolean whole = sameEpoch && since.offset() >= 0 && since.offset() <= offset
                && (expected == 0 || !publications.isEmpty() && publications.get(0).offset() == since.offset() + 1)
                && publications.size() >= expected;
        return whole ? new Position(channel, epoch, offset, true, publications.subList(0, (int) expected), null)
                : new Position(channel, epoch, offset, false, List.of(), null);
    }
}

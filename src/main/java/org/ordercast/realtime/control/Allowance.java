package org.ordercast.realtime.control;

import org.ordercast.realtime.control.Connection.Admission;

/**
 * A connection's allowance of one kind of frame: {@code perSecond} on average and twice that at once. Once a whole
 * second's worth has been refused in a row, the client is not slowing down: abuse.
 */
final class Allowance {

    private final int perSecond;
    private final TokenBucket bucket;
    private int refusedInARow;

    Allowance(int perSecond) {
        this.perSecond = perSecond;
        this.bucket = new TokenBucket(perSecond, 2 * perSecond);
    }

    Admission admit() {
        if (bucket.take()) {
            refusedInARow = 0;
            return Admission.ALLOWED;
        }
        return ++refusedInARow > perSecond ? Admission.ABUSIVE : Admission.REFUSED;
    }
}

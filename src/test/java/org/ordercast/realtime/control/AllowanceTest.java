package org.ordercast.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ordercast.realtime.control.Connection.Admission;

class AllowanceTest {

    @Test
    void allowsTwiceTheRateAtOnceThenRefusesThenCallsASecondsWorthOfRefusalsAbuse() {
        var allowance = new Allowance(1);
        assertEquals(Admission.ALLOWED, allowance.admit());
        assertEquals(Admission.ALLOWED, allowance.admit());
        // a token comes back each second: the next two come well within one
        assertEquals(Admission.REFUSED, allowance.admit());
        assertEquals(Admission.ABUSIVE, allowance.admit());
    }

    @Test
    void anAllowedFrameStartsTheCountOfRefusalsAgain() throws InterruptedException {
        var allowance = new Allowance(2);
        for (int i = 0; i < 4; i++) {
            assertEquals(Admission.ALLOWED, allowance.admit());
        }
        assertEquals(Admission.REFUSED, allowance.admit());
        Thread.sleep(600);   // 1.2 tokens back at 2 a second; the next comes 400 ms after the one taken here
        assertEquals(Admission.ALLOWED, allowance.admit());
        assertEquals(Admission.REFUSED, allowance.admit());
        assertEquals(Admission.REFUSED, allowance.admit(), "the refusal before the allowed frame no longer counts");
        assertEquals(Admission.ABUSIVE, allowance.admit());
    }
}

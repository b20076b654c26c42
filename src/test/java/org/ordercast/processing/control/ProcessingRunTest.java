package org.ordercast.processing.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ordercast.processing.entity.Phase;

class ProcessingRunTest {

    @Test
    void phasesComeInOrderAndVipOrdersAreProcessedFirst() {
        var phases = new ArrayList<Phase>();
        var processed = new ArrayList<ProcessingRun.Processed>();
        var run = new ProcessingRun(1000, 0.2, 1_000_000, phases::add, processed::add);
        run.run();
        assertEquals(List.of(Phase.GENERATING, Phase.ENQUEUE_VIP, Phase.ENQUEUE_NORMAL, Phase.PROCESSING, Phase.COMPLETED),
                phases);
        assertEquals(1000, processed.size());
        int vip = (int) processed.stream().filter(ProcessingRun.Processed::vip).count();
        assertTrue(vip > 100 && vip < 300, "about a fifth are VIP: " + vip);
        for (int i = 0; i < processed.size(); i++) {
            assertEquals(i < vip, processed.get(i).vip(), "every VIP order before any normal one");
        }
        var snapshot = run.snapshot();
        assertEquals(Phase.COMPLETED, snapshot.phase());
        assertEquals(100.0, snapshot.progress());
        assertEquals(vip, snapshot.vipCount());
        assertEquals(1000 - vip, snapshot.normalCount());
        assertTrue(snapshot.timingsMillis().keySet().containsAll(
                List.of(Phase.GENERATING, Phase.ENQUEUE_VIP, Phase.ENQUEUE_NORMAL, Phase.PROCESSING)));
    }

    @Test
    void aPausedRunMakesNoProgressUntilResumed() throws Exception {
        var processed = Collections.synchronizedList(new ArrayList<ProcessingRun.Processed>());
        var run = new ProcessingRun(2000, 0.1, 2000, phase -> { }, processed::add);
        var worker = new Thread(run);
        worker.start();
        while (processed.size() < 100) {
            Thread.sleep(5);
        }
        run.pause();
        Thread.sleep(100);
        int atPause = processed.size();
        assertEquals(Phase.PAUSED, run.snapshot().phase());
        Thread.sleep(300);
        assertEquals(atPause, processed.size(), "no progress while paused");
        run.resume();
        worker.join(10_000);
        assertEquals(2000, processed.size());
        assertEquals(Phase.COMPLETED, run.snapshot().phase());
    }
}

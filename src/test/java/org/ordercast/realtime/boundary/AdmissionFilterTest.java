package org.ordercast.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionFilterTest {

    @Test
    void pathsThatReachTheStreamAreNormalisedToIt() {
        for (String alias : List.of("/api/v1/stream", "/api/v1/stream/", "/api/v1//stream", "//api/v1/stream//",
                "/api/v1/./stream", "/api/v1/stream/.")) {
            assertEquals("/api/v1/stream", AdmissionFilter.normalised(alias), alias);
        }
        assertEquals("/", AdmissionFilter.normalised("/"));
        assertEquals("/api/v1/streams", AdmissionFilter.normalised("/api/v1/streams"));
    }
}

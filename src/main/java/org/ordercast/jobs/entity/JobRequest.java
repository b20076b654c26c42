package org.ordercast.jobs.entity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.ordercast.channels.entity.ChannelName;

/**
 * {@code POST /api/v1/jobs}: {@code report.export} or {@code commission.calculate} (which needs a contract);
 * {@code fail} makes the job fail half-way, for trying out the failure path.
 */
public record JobRequest(
        @NotBlank @Pattern(regexp = "report\\.export|commission\\.calculate",
                message = "must be report.export or commission.calculate") String type,
        @Pattern(regexp = ChannelName.ID_PATTERN, message = ChannelName.ID_MESSAGE) String contractId,
        boolean fail) {
}

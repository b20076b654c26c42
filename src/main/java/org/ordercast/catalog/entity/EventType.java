package org.ordercast.catalog.entity;

import java.util.List;

/**
 * One kind of event: its name, the namespaces it is published to, the record its {@code data} follows, what the
 * seed systems called it, and whether a service may publish it (with its payload checked) or only ordercast does.
 */
public record EventType(String name, List<String> namespaces, Class<? extends Record> payload, List<String> seedNames,
                        String description, boolean servicesPublish) {
}

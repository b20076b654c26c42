package org.ordercast.catalog.boundary;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.ordercast.catalog.control.Catalog;
import org.ordercast.catalog.entity.EventType;

/** {@code GET /api/v1/catalog}: every event type, where it goes, its payload fields, its names in the seeds. */
@Path("catalog")
public class CatalogResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonArray catalog() {
        var events = Json.createArrayBuilder();
        for (EventType type : Catalog.EVENTS) {
            var fields = Json.createObjectBuilder();
            Catalog.fields(type).forEach(fields::add);
            events.add(Json.createObjectBuilder()
                    .add("event", type.name())
                    .add("namespaces", Json.createArrayBuilder(type.namespaces()))
                    .add("description", type.description())
                    .add("payload", fields)
                    .add("seedNames", Json.createArrayBuilder(type.seedNames()))
                    .add("publishedByServices", type.servicesPublish()));
        }
        return events.build();
    }
}

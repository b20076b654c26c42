package org.ordercast.catalog.boundary;

import java.lang.reflect.Method;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * The last step before {@code /openapi} is served from {@code META-INF/openapi.yaml}: Payara 6.2025 adds a root
 * {@code endpoints} map that is not part of OpenAPI, and validators and client generators reject the document for
 * it. Registered as {@code mp.openapi.filter}; on servers that add nothing, it changes nothing.
 */
public class OpenApiDocument implements OASFilter {

    private static final System.Logger LOG = System.getLogger(OpenApiDocument.class.getName());

    @Override
    public void filterOpenAPI(OpenAPI document) {
        try {
            Method endpoints = document.getClass().getMethod("setEndpoints", Map.class);
            endpoints.invoke(document, new java.util.HashMap<String, java.util.Set<String>>());
        } catch (NoSuchMethodException e) {
            // not Payara's model: nothing to remove
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove the server's non-standard endpoints key: " + e);
        }
    }
}

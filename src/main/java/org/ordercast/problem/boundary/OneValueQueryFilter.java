package org.ordercast.problem.boundary;

import jakarta.annotation.Priority;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses a query parameter a resource method reads given more than once, with 400 naming it. JAX-RS hands a
 * single-valued parameter the first of its values and drops the rest without a word: {@code DELETE
 * /connections?user=a&user=b} closed a's connections only, and {@code ?status=NEW&status=READY} listed the new
 * orders only. Every query parameter of the API takes one value. Runs after authentication and the role check, and
 * costs nothing for a request without a query.
 */
@Provider
@Priority(Priorities.USER)
public class OneValueQueryFilter implements ContainerRequestFilter {

    /** The {@code @QueryParam} names of each resource method, read once. */
    private static final Map<Method, List<String>> NAMES = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getRequestUri().getRawQuery() == null) {
            return;
        }
        Method method = resource.getResourceMethod();
        List<String> names = method == null ? List.of() : NAMES.computeIfAbsent(method, OneValueQueryFilter::names);
        for (String name : names) {
            List<String> values = request.getUriInfo().getQueryParameters().get(name);
            if (values != null && values.size() > 1) {
                throw new BadRequestException(
                        "query parameter '" + name + "' is given " + values.size() + " times: give it once");
            }
        }
    }

    static List<String> names(Method method) {
        var names = new LinkedHashSet<String>();
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof QueryParam query) {
                    names.add(query.value());
                }
            }
        }
        return List.copyOf(names);
    }
}

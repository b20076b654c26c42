package org.ordercast.auth.control;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.time.Instant;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.ByteChunk;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.ordercast.auth.entity.Identity;
import org.ordercast.problem.boundary.FilteredBody;

/**
 * On Payara and GlassFish: a request's {@code Authorization} header answered from {@link VerifiedTokens} in the bytes
 * Grizzly parsed it into. Asking the servlet request for the header decodes it into a char buffer and then a string
 * on every request, a sixth of all a REST publication allocated, while a service sends the same token every time.
 * The Grizzly request is found by reflection ({@code RequestFacade.request → getCoyoteRequest() → getRequest()}),
 * once per server; on any other server, or wherever a step is not as expected, nothing is found and the caller reads
 * the header as a string.
 */
final class GrizzlyAuthorization {

    private static final System.Logger LOG = System.getLogger(GrizzlyAuthorization.class.getName());
    private static final String FACADE = "org.apache.catalina.connector.RequestFacade";

    /** {@code (Object) RequestFacade → (Object) HttpRequestPacket}, for {@link #facade}; null until found. */
    private static volatile MethodHandle packet;
    private static volatile Class<?> facade;
    private static volatile boolean unavailable;

    private GrizzlyAuthorization() {
    }

    /**
     * The identity of the request's bearer token if it was verified lately and can be read here; else null. Where
     * Grizzly is not there at all, the first call fails to link: the caller then stops calling.
     */
    static Identity find(HttpServletRequest request, VerifiedTokens recent, Instant now) {
        HttpRequestPacket http = packet(request);
        if (http == null) {
            return null;
        }
        DataChunk value = http.getHeaders().getValue(Header.Authorization);
        if (value == null || value.getType() != DataChunk.Type.Bytes) {
            return null;
        }
        ByteChunk bytes = value.getByteChunk();
        return recent.findBearer(bytes.getBuffer(), bytes.getStart(), bytes.getEnd(), now);
    }

    /**
     * Whether the request has more than one {@code Authorization} header, looked up among the headers Grizzly parsed
     * without decoding any; null where they cannot be read here.
     */
    static Boolean repeated(HttpServletRequest request) {
        HttpRequestPacket http = packet(request);
        if (http == null) {
            return null;
        }
        MimeHeaders headers = http.getHeaders();
        int first = headers.indexOf(Header.Authorization, 0);
        return first >= 0 && headers.indexOf(Header.Authorization, first + 1) >= 0;
    }

    /**
     * Grizzly's request under the servlet request, under ordercast's wrappers of its body ({@link FilteredBody}, which
     * leave its headers as they are; every request with a body has one); null where it cannot be reached.
     */
    private static HttpRequestPacket packet(HttpServletRequest request) {
        if (unavailable) {
            return null;
        }
        ServletRequest unwrapped = request;
        while (unwrapped instanceof FilteredBody body) {
            unwrapped = body.getRequest();
        }
        try {
            Class<?> type = unwrapped.getClass();
            if (type != facade && (facade != null || !type.getName().equals(FACADE) || !found(type))) {
                return null;
            }
            return (HttpRequestPacket) (Object) packet.invokeExact((Object) unwrapped);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "bearer tokens are read as strings: " + e);
            return null;
        }
    }

    private static synchronized boolean found(Class<?> type) throws ReflectiveOperationException {
        if (packet != null) {
            return type == facade;
        }
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Field request = type.getDeclaredField("request");
        request.setAccessible(true);
        MethodHandle catalina = lookup.unreflectGetter(request);
        MethodHandle coyote = lookup.unreflect(request.getType().getMethod("getCoyoteRequest"));
        MethodHandle grizzly = lookup.unreflect(coyote.type().returnType().getMethod("getRequest"));
        MethodHandle chain = MethodHandles.filterReturnValue(MethodHandles.filterReturnValue(catalina, coyote),
                grizzly);
        if (!HttpRequestPacket.class.isAssignableFrom(chain.type().returnType())) {
            throw new IllegalStateException("not a Grizzly request: " + chain.type());
        }
        facade = type;
        packet = chain.asType(MethodType.methodType(Object.class, Object.class));
        return true;
    }
}

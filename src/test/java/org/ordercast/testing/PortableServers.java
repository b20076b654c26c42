package org.ordercast.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a {@code *Contract} test class the {@link PortableServer} of the suite that runs it: the suite names the
 * server with the configuration parameter {@value #SERVER} (Payara Micro when none does, e.g. a contract class run
 * on its own); the first class to ask starts it, every other class of the suite shares it, and it stops when the
 * suite ends.
 */
public final class PortableServers implements ParameterResolver {

    public static final String SERVER = "ordercast.portable.server";
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PortableServers.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PortableServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String kind = context.getConfigurationParameter(SERVER).orElse("payara");
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(kind, Attempt::of, Attempt.class).server();
    }

    /** A server that would not start fails every class of the suite at once, not after a start attempt each. */
    private record Attempt(PortableServer started, RuntimeException failure)
            implements ExtensionContext.Store.CloseableResource {

        static Attempt of(String kind) {
            try {
                return new Attempt(PortableServer.start(kind), null);
            } catch (RuntimeException e) {
                return new Attempt(null, e);
            }
        }

        PortableServer server() {
            if (failure != null) {
                throw new IllegalStateException("the suite's server did not start", failure);
            }
            return started;
        }

        @Override
        public void close() {
            if (started != null) {
                started.close();
            }
        }
    }
}

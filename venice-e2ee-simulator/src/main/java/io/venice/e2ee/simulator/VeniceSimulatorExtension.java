package io.venice.e2ee.simulator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * JUnit 5 extension that runs one {@link VeniceSimulator} per test class and injects it, or its base URL, into test
 * and lifecycle method parameters of type {@link VeniceSimulator} or {@link URI}. Server-wide faults are switched
 * off before each test; the simulator is closed after the class.
 *
 * <pre>{@code
 * @ExtendWith(VeniceSimulatorExtension.class)
 * class MyClientTest {
 *     @Test
 *     void chats(URI baseUrl, VeniceSimulator sim) { ... }
 * }
 *
 * // or, configured:
 * @RegisterExtension
 * static VeniceSimulatorExtension venice = new VeniceSimulatorExtension(() -> VeniceSimulator.builder().apiKey("k"));
 * // (a static field: the simulator is closed after the class)
 * }</pre>
 */
public final class VeniceSimulatorExtension implements ParameterResolver, BeforeEachCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VeniceSimulatorExtension.class);
    private static final String KEY = "simulator";

    private final Supplier<VeniceSimulator.Builder> builder;

    /** Runs a simulator with the default settings. */
    public VeniceSimulatorExtension() {
        this(VeniceSimulator::builder);
    }

    /** Runs a simulator from the builder this supplier returns (called once per test class). */
    public VeniceSimulatorExtension(Supplier<VeniceSimulator.Builder> builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /** Resolves parameters of type {@link VeniceSimulator} and {@link URI}. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == VeniceSimulator.class || type == URI.class;
    }

    /** The class's running simulator, or its base URL (which includes {@code /api/v1}). */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        VeniceSimulator sim = simulator(context);
        try {
            return parameter.getParameter().getType() == URI.class ? sim.start() : sim;
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException("the Venice simulator did not start: " + e.getMessage(), e);
        }
    }

    /** Switches server-wide faults off so each test starts from a well-behaved server. */
    @Override
    public void beforeEach(ExtensionContext context) {
        VeniceSimulator sim = classStore(context).get(KEY, VeniceSimulator.class);
        if (sim != null) {
            sim.faults().clear();
        }
    }

    /** Closes the class's simulator. */
    @Override
    public void afterAll(ExtensionContext context) {
        VeniceSimulator sim = classStore(context).remove(KEY, VeniceSimulator.class);
        if (sim != null) {
            sim.close();
        }
    }

    private VeniceSimulator simulator(ExtensionContext context) {
        ExtensionContext.Store store = classStore(context);
        VeniceSimulator sim = store.get(KEY, VeniceSimulator.class);
        if (sim == null) {
            sim = builder.get().build();
            sim.start();
            store.put(KEY, sim);
        }
        return sim;
    }

    /** The store of the test class (the one after-all runs on), whatever level the callback comes from. */
    private static ExtensionContext.Store classStore(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c.getStore(NAMESPACE);
    }
}

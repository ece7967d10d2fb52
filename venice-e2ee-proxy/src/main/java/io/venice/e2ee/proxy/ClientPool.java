package io.venice.e2ee.proxy;

import io.venice.e2ee.client.VeniceClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One {@link VeniceClient} per API key (a client holds its key), made on first use. Keys are known here by their
 * SHA-256 only, never as map keys or log fields. Past {@code maxKeys} clients the least recently used one that no
 * request is using is closed to make room. Not thread-safe: its owner calls it under its own lock.
 */
final class ClientPool implements AutoCloseable {
    private final Function<String, VeniceClient> factory;
    private final int maxKeys;
    private final Predicate<String> inUse;
    private final Consumer<String> evicted;
    private final Map<String, VeniceClient> clients = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param factory makes the client for an API key
     * @param maxKeys how many clients to keep when some are idle
     * @param inUse   whether requests are in flight for a key id (its client is then never closed)
     * @param evicted told the key id of each client closed to make room
     */
    ClientPool(Function<String, VeniceClient> factory, int maxKeys, Predicate<String> inUse, Consumer<String> evicted) {
        this.factory = factory;
        this.maxKeys = maxKeys;
        this.inUse = inUse;
        this.evicted = evicted;
    }

    /** The id a key is known by: the hex SHA-256 of the key. */
    static String keyId(String apiKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(apiKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The client for {@code apiKey}, made when there is none. */
    VeniceClient client(String apiKey) {
        String id = keyId(apiKey);
        VeniceClient c = clients.get(id);
        if (c != null) {
            return c;
        }
        Iterator<Map.Entry<String, VeniceClient>> eldest = clients.entrySet().iterator();
        while (clients.size() >= maxKeys && eldest.hasNext()) {
            Map.Entry<String, VeniceClient> e = eldest.next();
            if (!inUse.test(e.getKey())) {
                eldest.remove();
                evicted.accept(e.getKey());
                e.getValue().close();
            }
        }
        c = factory.apply(apiKey);
        clients.put(id, c);
        return c;
    }

    @Override
    public void close() {
        clients.values().forEach(VeniceClient::close);
        clients.clear();
    }
}

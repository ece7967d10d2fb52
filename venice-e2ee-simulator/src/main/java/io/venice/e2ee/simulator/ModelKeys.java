package io.venice.e2ee.simulator;

import io.venice.e2ee.spi.EcdhKeyAgreement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The current enclave key per model; rotated keys stay alive (for signing their past completions) until close. */
final class ModelKeys implements AutoCloseable {
    private final EcdhKeyAgreement keyAgreement;
    private final Map<String, ModelKey> current = new ConcurrentHashMap<>();
    private final List<ModelKey> all = new ArrayList<>();

    ModelKeys(EcdhKeyAgreement keyAgreement, Collection<SimulatedModel> models) {
        this.keyAgreement = keyAgreement;
        for (SimulatedModel m : models) {
            rotate(m.id());
        }
    }

    ModelKey current(String model) {
        return current.get(model);
    }

    ModelKey rotate(String model) {
        ModelKey k = ModelKey.generate(keyAgreement);
        synchronized (all) {
            all.add(k);
        }
        current.put(model, k);
        return k;
    }

    @Override
    public void close() {
        synchronized (all) {
            all.forEach(ModelKey::close);
        }
    }
}

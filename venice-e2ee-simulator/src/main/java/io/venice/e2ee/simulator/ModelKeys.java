package io.venice.e2ee.simulator;

import io.venice.e2ee.spi.EcdhKeyAgreement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current enclave key per model; rotated keys stay alive (for signing their past completions) until close. The
 * models behind the Phala gateway share one key, the gateway's, as its legacy path does: rotating one rotates them all.
 */
final class ModelKeys implements AutoCloseable {
    private final EcdhKeyAgreement keyAgreement;
    private final Map<String, ModelKey> current = new ConcurrentHashMap<>();
    private final List<String> gatewayModels = new ArrayList<>();
    private final List<ModelKey> all = new ArrayList<>();

    ModelKeys(EcdhKeyAgreement keyAgreement, Collection<ModelSpec> models) {
        this.keyAgreement = keyAgreement;
        for (ModelSpec m : models) {
            if (m.backend() == ModelSpec.Backend.PHALA_GATEWAY) {
                gatewayModels.add(m.id());
            }
        }
        for (ModelSpec m : models) {
            if (!current.containsKey(m.id())) {
                rotate(m.id());
            }
        }
    }

    ModelKey current(String model) {
        return current.get(model);
    }

    /** A fresh key for {@code model} (for every gateway model when it is one), returned. */
    ModelKey rotate(String model) {
        ModelKey k = generate();
        if (gatewayModels.contains(model)) {
            gatewayModels.forEach(id -> current.put(id, k));
        } else {
            current.put(model, k);
        }
        return k;
    }

    /** A key that belongs to no model (e.g. a workload identity key), closed with the others. */
    ModelKey generate() {
        ModelKey k = ModelKey.generate(keyAgreement);
        synchronized (all) {
            all.add(k);
        }
        return k;
    }

    @Override
    public void close() {
        synchronized (all) {
            all.forEach(ModelKey::close);
        }
    }
}

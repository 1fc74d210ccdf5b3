package dev.strait.policy.traffic;

import dev.strait.policy.model.DnsLabel;
import dev.strait.policy.model.EndpointConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named group of a service's endpoints: those whose metadata carries every one of the labels.
 *
 * @param name   a DNS label, unique in the service's policy; what split destinations name
 * @param labels the metadata an endpoint must carry, at least one entry (the rules of endpoint metadata)
 */
public record Subset(String name, Map<String, String> labels) {
    public Subset {
        if (!DnsLabel.isValid(name)) {
            throw new IllegalArgumentException("subset name '" + name + "' is not a DNS label (expected: "
                    + DnsLabel.RULE + ")");
        }
        Objects.requireNonNull(labels, "labels");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("subset '" + name + "' has no labels, so it would select every endpoint"
                    + " (expected: at least one label, such as version: v1)");
        }
        EndpointConfig.checkMetadata("subset '" + name + "' labels", labels);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** Whether an endpoint with {@code metadata} belongs to this subset: every label present with an equal value. */
    public boolean selects(Map<String, String> metadata) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!label.getValue().equals(metadata.get(label.getKey()))) {
                return false;
            }
        }
        return true;
    }
}

package dev.strait.policy.config;

import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.LocalListener;
import dev.strait.policy.model.LocalListener.ClientCertificate;
import dev.strait.policy.model.LocalListener.Tls;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a region's {@code localListener} block; what it leaves out is the default, a plaintext
 * listener without a fixed identity. Keys that could never apply are reported: a
 * {@code clientCertificate} on a plaintext listener, and an {@code identity} or the region's
 * {@code localCallers} where every caller must present a certificate.
 */
final class LocalListenerBinder {
    private final BindContext context;
    private final ValueReader values;

    LocalListenerBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
    }

    /**
     * The listener, or empty when any part of it is wrong (and reported). The region's
     * {@code localCallers} are reported too when the listener identifies every caller by its
     * certificate, so that no entry could ever apply.
     *
     * @param localCallers the region's local callers, bound from {@code regionPath.localCallers}
     */
    Optional<LocalListener> bind(Node node, ElementPath path, List<LocalCaller> localCallers, ElementPath regionPath) {
        return MappingFields.of(node, path, FormatKeys.LOCAL_LISTENER, context).flatMap(fields -> {
            Optional<Tls> tls = fields.optional("tls",
                    (value, at) -> values.choice(value, at, "tls mode", Tls.values(), Tls::configName), Tls.PLAINTEXT);
            Optional<ClientCertificate> clientCertificate = fields.optional("clientCertificate",
                    (value, at) -> values.choice(value, at, "client certificate mode", ClientCertificate.values(),
                            ClientCertificate::configName), ClientCertificate.REQUIRED);
            Optional<Optional<ServiceName>> identity = fields.optional("identity",
                    (value, at) -> values.label(value, at, "service name").map(ServiceName::new).map(Optional::of),
                    Optional.<ServiceName>empty());
            Optional<Duration> warmUp = fields.optional("warmUp",
                    (value, at) -> values.duration(value, at, Duration.ZERO, LocalListener.MAX_WARM_UP), Duration.ZERO);
            if (tls.isEmpty() || clientCertificate.isEmpty() || identity.isEmpty() || warmUp.isEmpty()) {
                return Optional.empty();
            }
            SourceMap sources = context.sources();
            if (tls.get() == Tls.PLAINTEXT && fields.has("clientCertificate")) {
                ElementPath element = path.key("clientCertificate");
                context.problems().add(sources.keyOf(element), element, "clientCertificate applies only to 'tls: mtls'"
                        + " (a plaintext listener asks callers for no certificate; expected: tls: mtls, or leave out clientCertificate)");
                return Optional.empty();
            }
            boolean certificateRequired = tls.get() == Tls.MTLS && clientCertificate.get() == ClientCertificate.REQUIRED;
            String required = "'clientCertificate: required'" + (fields.has("clientCertificate") ? "" : " (the default)");
            boolean valid = true;
            if (certificateRequired && !localCallers.isEmpty()) {
                ElementPath element = regionPath.key("localCallers");
                context.problems().add(sources.keyOf(element), element, "never applies: the local listener has 'tls: mtls' and "
                        + required + ", so every caller is identified by its certificate, never by its address"
                        + " (expected: clientCertificate: optional, or leave out localCallers)");
                valid = false;
            }
            if (certificateRequired && identity.get().isPresent()) {
                ElementPath element = path.key("identity");
                context.problems().add(sources.keyOf(element), element, "never applies: with 'tls: mtls' and " + required
                        + ", every caller is identified by its certificate (expected: clientCertificate: optional, or leave out identity)");
                valid = false;
            }
            return valid ? Optional.of(new LocalListener(tls.get(), clientCertificate.get(), identity.get(), warmUp.get())) : Optional.empty();
        });
    }
}

package dev.strait.policy.config;

import dev.strait.policy.model.AddressRange;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a region's {@code localCallers} list: which service a caller on the plaintext local
 * listener is taken to be, by its source address, first match wins. The service need not be one of
 * the region's (a caller may be a workload that is not behind the gateway), but it must be a valid
 * name. An entry whose range lies wholly inside an earlier one's can never apply, and is reported.
 */
final class LocalCallerBinder {
    private static final String EXPECTED = "a range such as 10.0.0.0/8 or ::1/128";
    // The standard forms only: InetAddress also takes '10.1' for 10.0.0.1 and '10' for 0.0.0.10, which no one means.
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final BindContext context;
    private final ValueReader values;

    LocalCallerBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
    }

    /** The entries that bound, in order (the document is refused when any did not). */
    Optional<List<LocalCaller>> bind(Node node, ElementPath path) {
        return values.list(node, path, "a list of local callers").map(items -> {
            List<LocalCaller> callers = new ArrayList<>();
            List<ElementPath> bound = new ArrayList<>();
            List<Integer> boundIndexes = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                ValueReader.Item item = items.get(i);
                Optional<LocalCaller> caller = caller(item.node(), item.path());
                if (caller.isPresent()) {
                    checkReachable(caller.get(), item.path(), callers, boundIndexes);
                    callers.add(caller.get());
                    bound.add(item.path());
                    boundIndexes.add(i);
                }
            }
            context.sources().recordItems(path, bound);
            return callers;
        });
    }

    private Optional<LocalCaller> caller(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.LOCAL_CALLER, context).flatMap(fields -> {
            Optional<AddressRange> from = fields.required("from", this::range);
            Optional<ServiceName> service = fields.required("service",
                    (value, at) -> values.label(value, at, "service name").map(ServiceName::new));
            if (from.isEmpty() || service.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new LocalCaller(from.get(), service.get()));
        });
    }

    private Optional<AddressRange> range(Node node, ElementPath path) {
        return values.string(node, path, EXPECTED).flatMap(text -> {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
                return problem(node, path, NodeDescription.quoted(address) + " is not an IP address literal (expected "
                        + EXPECTED + ")");
            }
            try {
                return Optional.of(AddressRange.parse(text));
            } catch (IllegalArgumentException e) {
                return problem(node, path, e.getMessage());
            }
        });
    }

    /** Reports {@code caller} when an earlier entry takes every address it could match. */
    private void checkReachable(LocalCaller caller, ElementPath path, List<LocalCaller> earlier, List<Integer> earlierIndexes) {
        AddressRange range = caller.from();
        for (int i = 0; i < earlier.size(); i++) {
            AddressRange before = earlier.get(i).from();
            if (before.network().getAddress().length == range.network().getAddress().length
                    && before.prefixLength() <= range.prefixLength() && before.contains(range.network())) {
                ElementPath element = path.key("from");
                context.problems().add(context.sources().valueOf(element), element, "never applies: localCallers["
                        + earlierIndexes.get(i) + "] (" + before + ") already takes every address of " + range
                        + ", and the first match wins");
                return;
            }
        }
    }

    private <T> Optional<T> problem(Node node, ElementPath path, String message) {
        context.problems().add(Position.of(node), path, message);
        return Optional.empty();
    }
}

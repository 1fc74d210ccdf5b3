package dev.strait.gateway.drill.scenario;

import dev.strait.gateway.drill.scenario.Fields.Item;
import dev.strait.policy.config.Position;
import dev.strait.policy.model.DnsLabel;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns a scenario's YAML nodes into a {@link Scenario} in one step, reporting every problem of
 * the document: what each element alone can be checked for. Checks across elements are
 * {@link ScenarioRules}'.
 */
final class ScenarioBinder {
    private static final Pattern HTTP_METHOD = Pattern.compile("[A-Z]{1,20}");
    private static final Pattern GRPC_METHOD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*/[A-Za-z_][A-Za-z0-9_]*");
    private static final String DNS_LABEL = "a name (" + DnsLabel.RULE + ")";

    private final Path file;
    private final Problems problems;
    private final SourceMap sources;

    ScenarioBinder(Path file, Problems problems, SourceMap sources) {
        this.file = file;
        this.problems = problems;
        this.sources = sources;
    }

    /**
     * Everything of the scenario that bound, with the document path of each list item, so that
     * {@link ScenarioRules} can check across elements even when some of them are broken.
     */
    Optional<Draft> bind(Node root) {
        Optional<Fields> read = Fields.of(root, "", ScenarioKeys.TOP_LEVEL, problems, sources);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Fields top = read.get();
        Optional<String> name = label(top, top.required("drill"), "drill");
        String description = top.string(top.node("description"), "description", "a text").orElse("");
        Optional<Path> federation = federationFile(top);
        Optional<Duration> duration = top.duration(top.required("duration"), "duration", false);
        List<Item> loadItems = top.list(top.required("load"), "load", "a list of loads");
        if (loadItems.isEmpty() && top.node("load").orElse(null) instanceof SequenceNode empty) {
            top.problem(empty, "load", "the drill has no load (expected: at least one load)");
        }
        return Optional.of(new Draft(name, description, federation, duration,
                located(loadItems, this::load),
                located(top.list(top.node("timeline"), "timeline", "a list of steps"), this::step),
                located(top.list(top.node("expectations"), "expectations", "a list of expectations"), this::expectation)));
    }

    /** A bound value and its path in the document. */
    record Located<T>(T value, String path) {}

    /** The parts of a scenario that bound; a part that did not is absent, and reported. */
    record Draft(Optional<String> name, String description, Optional<Path> federation, Optional<Duration> duration,
            List<Located<LoadSpec>> load, List<Located<TimelineStep>> timeline, List<Located<Expectation>> expectations) {
        Optional<Scenario> scenario() {
            if (name.isEmpty() || duration.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Scenario(name.get(), description, federation, duration.get(),
                    load.stream().map(Located::value).toList(), timeline.stream().map(Located::value).toList(),
                    expectations.stream().map(Located::value).toList()));
        }
    }

    private static <T> List<Located<T>> located(List<Item> items, Function<Item, Optional<T>> bind) {
        List<Located<T>> bound = new ArrayList<>();
        for (Item item : items) {
            bind.apply(item).ifPresent(value -> bound.add(new Located<>(value, item.path())));
        }
        return bound;
    }

    private Optional<Path> federationFile(Fields top) {
        return top.string(top.node("federation"), "federation", "a path to a federation config").flatMap(text -> {
            Node at = top.node("federation").orElseThrow();
            try {
                Path base = file.toAbsolutePath().getParent();
                Path resolved = (base == null ? Path.of(text) : base.resolve(text)).normalize();
                if (!Files.isRegularFile(resolved)) {
                    top.problem(at, "federation", "federation config '" + text + "' does not exist (expected: a path to a"
                            + " federation config, relative to this file's directory; looked at " + resolved + ")");
                    return Optional.empty();
                }
                return Optional.of(resolved);
            } catch (InvalidPathException e) {
                top.problem(at, "federation", "'" + Fields.shortened(text) + "' is not a valid path (" + e.getReason() + ")");
                return Optional.empty();
            }
        });
    }

    private Optional<LoadSpec> load(Item item) {
        return Fields.of(item.node(), item.path(), ScenarioKeys.LOAD, problems, sources).flatMap(f -> {
            Optional<ServiceName> service = label(f, f.required("service"), "service").map(ServiceName::new);
            String name = f.node("name").isPresent() ? label(f, f.node("name"), "name").orElse("") : service.map(ServiceName::value).orElse("");
            Optional<RegionName> from = region(f, f.required("from"), "from");
            OptionalDouble rate = f.number(f.required("rate"), "rate", "calls per second, such as 200");
            if (rate.isPresent() && !(rate.getAsDouble() > 0)) {
                f.problem(f.node("rate").orElseThrow(), "rate", "rate " + number(rate.getAsDouble())
                        + " is out of range (expected: more than 0 calls per second)");
                rate = OptionalDouble.empty();
            }
            long concurrency = bounded(f, "concurrency", "calls in flight", 1, 100_000).orElse(ScenarioKeys.DEFAULT_CONCURRENCY);
            Optional<Duration> duration = f.duration(f.node("duration"), "duration", false);
            Optional<LoadSpec.Request> request = f.node("request").isPresent() ? request(f) : Optional.of(defaultRequest());
            if (service.isEmpty() || from.isEmpty() || rate.isEmpty() || request.isEmpty() || name.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new LoadSpec(name, service.get(), from.get(), rate.getAsDouble(), (int) concurrency, duration,
                    request.get()));
        });
    }

    static LoadSpec.Request.Http defaultRequest() {
        return new LoadSpec.Request.Http(ScenarioKeys.DEFAULT_METHOD, ScenarioKeys.DEFAULT_PATH, 0);
    }

    private Optional<LoadSpec.Request> request(Fields load) {
        return Fields.of(load.node("request").orElseThrow(), load.child("request"), ScenarioKeys.REQUEST, problems, sources)
                .flatMap(f -> {
                    if (f.has("grpc")) {
                        for (String http : List.of("method", "path", "bodyBytes")) {
                            if (f.has(http)) {
                                f.problem(f.node(http).orElse(f.node("grpc").orElseThrow()), http, "'" + http
                                        + "' does not go with 'grpc' (expected: either an HTTP request with method, path and"
                                        + " bodyBytes, or a gRPC call)");
                            }
                        }
                        return f.string(f.required("grpc"), "grpc", "a gRPC method such as strait.echo.v1.Echo/Unary")
                                .flatMap(text -> {
                                    if (GRPC_METHOD.matcher(text).matches()) {
                                        return Optional.of(new LoadSpec.Request.Grpc(text));
                                    }
                                    f.problem(f.node("grpc").orElseThrow(), "grpc", "'" + Fields.shortened(text)
                                            + "' is not a gRPC method (expected: package.Service/Method, such as strait.echo.v1.Echo/Unary)");
                                    return Optional.empty();
                                });
                    }
                    Optional<String> method = f.string(f.node("method"), "method", "an HTTP method such as GET").flatMap(text -> {
                        if (HTTP_METHOD.matcher(text).matches()) {
                            return Optional.of(text);
                        }
                        f.problem(f.node("method").orElseThrow(), "method", "'" + Fields.shortened(text)
                                + "' is not an HTTP method (expected: upper-case letters, such as GET or POST)");
                        return Optional.<String>empty();
                    });
                    Optional<String> path = f.string(f.node("path"), "path", "a request path such as /drill").flatMap(text -> {
                        if (text.startsWith("/") && text.chars().noneMatch(c -> c <= ' ' || c == 0x7f)) {
                            return Optional.of(text);
                        }
                        f.problem(f.node("path").orElseThrow(), "path", "'" + Fields.shortened(text)
                                + "' is not a request path (expected: starting with '/', without spaces)");
                        return Optional.<String>empty();
                    });
                    OptionalLong body = bounded(f, "bodyBytes", "a size in bytes", 0, 16L * 1024 * 1024);
                    if ((f.has("method") && method.isEmpty()) || (f.has("path") && path.isEmpty())
                            || (f.has("bodyBytes") && body.isEmpty())) {
                        return Optional.empty();
                    }
                    return Optional.of(new LoadSpec.Request.Http(method.orElse(ScenarioKeys.DEFAULT_METHOD),
                            path.orElse(ScenarioKeys.DEFAULT_PATH), body.orElse(0)));
                });
    }

    private Optional<TimelineStep> step(Item item) {
        return Fields.of(item.node(), item.path(), ScenarioKeys.STEP, problems, sources).flatMap(f -> {
            Optional<String> id = label(f, f.required("id"), "id").flatMap(text -> {
                if (text.equals(Scenario.Phase.BASELINE)) {
                    f.problem(f.node("id").orElseThrow(), "id", "step id 'baseline' is taken by the phase before the first step"
                            + " (expected: another name)");
                    return Optional.empty();
                }
                return Optional.of(text);
            });
            Optional<Duration> at = f.duration(f.required("at"), "at", true);
            Optional<Duration> lasting = f.duration(f.node("for"), "for", false);
            Optional<DrillFault> fault = f.required("fault").flatMap(node -> fault(node, f.child("fault")));
            if (id.isEmpty() || at.isEmpty() || fault.isEmpty() || (f.has("for") && lasting.isEmpty())) {
                return Optional.empty();
            }
            return Optional.of(new TimelineStep(id.get(), at.get(), lasting, fault.get()));
        });
    }

    private Optional<DrillFault> fault(Node node, String path) {
        return kinded(node, path, ScenarioKeys.FAULT_KINDS, ScenarioKeys::faultKeys, "fault").flatMap(kf -> {
            Fields f = kf.fields();
            return switch (kf.kind()) {
                case "fail-endpoints" -> both(service(f, f.required("service")), region(f, f.required("region"), "region"),
                        DrillFault.FailEndpoints::new);
                case "fail-region" -> region(f, f.required("region"), "region").map(DrillFault.FailRegion::new);
                case "stop-leader" -> region(f, f.required("region"), "region").map(DrillFault.StopLeader::new);
                case "stop-node" -> both(region(f, f.required("region"), "region"), node(f), DrillFault.StopNode::new);
                case "rotate-certificate" -> both(region(f, f.required("region"), "region"), node(f), DrillFault.RotateCertificate::new);
                case "expire-certificate" -> both(region(f, f.required("region"), "region"), node(f), DrillFault.ExpireCertificate::new);
                case "partition" -> partition(f);
                case "latency" -> {
                    Optional<DrillFault.Target> target = target(f);
                    Optional<Duration> delay = f.duration(f.required("delay"), "delay", false);
                    OptionalLong percent = percent(f);
                    yield target.isEmpty() || delay.isEmpty() || (f.has("percent") && percent.isEmpty()) ? Optional.empty()
                            : Optional.of(new DrillFault.Latency(target.get(), delay.get(), (int) percent.orElse(ScenarioKeys.DEFAULT_PERCENT)));
                }
                case "errors" -> {
                    Optional<DrillFault.Target> target = target(f);
                    OptionalLong status = bounded(f, "status", "an HTTP error status", 400, 599);
                    OptionalLong percent = percent(f);
                    yield target.isEmpty() || (f.has("status") && status.isEmpty()) || (f.has("percent") && percent.isEmpty())
                            ? Optional.empty()
                            : Optional.of(new DrillFault.Errors(target.get(), (int) status.orElse(ScenarioKeys.DEFAULT_STATUS),
                                    (int) percent.orElse(ScenarioKeys.DEFAULT_PERCENT)));
                }
                default -> Optional.empty();
            };
        });
    }

    private Optional<DrillFault> partition(Fields f) {
        List<Item> items = f.list(f.required("regions"), "regions", "a list of two region names");
        if (f.node("regions").isEmpty()) {
            return Optional.empty();
        }
        if (items.size() != 2) {
            if (f.node("regions").get() instanceof SequenceNode) {
                f.problem(f.node("regions").get(), "regions", "a partition is between two regions, got " + items.size()
                        + " (expected: [A, B])");
            }
            return Optional.empty();
        }
        List<Optional<RegionName>> regions = new ArrayList<>();
        for (Item item : items) {
            regions.add(f.string(Optional.of(item.node()), "regions", "a region name").flatMap(text -> asLabel(item.node(), item.path(), text, "region name"))
                    .map(RegionName::new));
        }
        if (regions.get(0).isEmpty() || regions.get(1).isEmpty()) {
            return Optional.empty();
        }
        if (regions.get(0).equals(regions.get(1))) {
            problems.add(Position.of(items.get(1).node()), items.get(1).path(), "region '" + regions.get(1).get()
                    + "' cannot be partitioned from itself (expected: two different regions)");
            return Optional.empty();
        }
        return Optional.of(new DrillFault.Partition(regions.get(0).get(), regions.get(1).get()));
    }

    /** Either {@code service} and {@code region}, or {@code from} and {@code to}. */
    private Optional<DrillFault.Target> target(Fields f) {
        boolean service = f.has("service") || f.has("region");
        boolean between = f.has("from") || f.has("to");
        if (service && between) {
            f.problem("a fault applies to a service or between regions, not both (expected: either 'service' and 'region',"
                    + " or 'from' and 'to')");
            return Optional.empty();
        }
        if (between) {
            Optional<DrillFault.Target> target = both(region(f, f.required("from"), "from"), region(f, f.required("to"), "to"),
                    DrillFault.Target.Between::new);
            if (target.orElse(null) instanceof DrillFault.Target.Between link && link.from().equals(link.to())) {
                f.problem(f.node("to").orElseThrow(), "to", "calls from region '" + link.from() + "' to itself do not cross"
                        + " regions (expected: two different regions, or 'service' and 'region' for the region's own endpoints)");
                return Optional.empty();
            }
            return target;
        }
        if (!service) {
            f.problem("missing the fault's target (expected: either 'service' and 'region', or 'from' and 'to')");
            return Optional.empty();
        }
        return both(service(f, f.required("service")), region(f, f.required("region"), "region"), DrillFault.Target.Service::new);
    }

    private Optional<Expectation> expectation(Item item) {
        return kinded(item.node(), item.path(), ScenarioKeys.EXPECTATION_KINDS, ScenarioKeys::expectationKeys, "expectation")
                .flatMap(kf -> {
                    Fields f = kf.fields();
                    return switch (kf.kind()) {
                        case "max-error-rate" -> {
                            Optional<String> phase = label(f, f.node("phase"), "phase");
                            OptionalDouble max = f.number(f.required("max"), "max", "a fraction from 0 to 1, such as 0.01");
                            if (max.isPresent() && (max.getAsDouble() < 0 || max.getAsDouble() > 1)) {
                                f.problem(f.node("max").orElseThrow(), "max", "error rate " + number(max.getAsDouble())
                                        + " is out of range (expected: a fraction from 0 to 1, such as 0.01 for 1%)");
                                max = OptionalDouble.empty();
                            }
                            yield max.isEmpty() || (f.has("phase") && phase.isEmpty()) ? Optional.empty()
                                    : Optional.of(new Expectation.MaxErrorRate(phase, max.getAsDouble()));
                        }
                        case "traffic-moves-away" -> {
                            Optional<String> step = label(f, f.required("step"), "step");
                            Optional<RegionName> from = region(f, f.required("from"), "from");
                            Optional<Duration> within = f.duration(f.required("within"), "within", false);
                            yield step.isEmpty() || from.isEmpty() || within.isEmpty() ? Optional.empty()
                                    : Optional.of(new Expectation.TrafficMovesAway(step.get(), from.get(), within.get()));
                        }
                        case "traffic-returns" -> {
                            Optional<String> step = label(f, f.required("step"), "step");
                            Optional<RegionName> to = region(f, f.required("to"), "to");
                            Optional<Duration> within = f.duration(f.required("within"), "within", false);
                            yield step.isEmpty() || to.isEmpty() || within.isEmpty() ? Optional.empty()
                                    : Optional.of(new Expectation.TrafficReturns(step.get(), to.get(), within.get()));
                        }
                        case "latency" -> {
                            Optional<String> phase = label(f, f.node("phase"), "phase");
                            OptionalDouble percentile = f.number(f.required("percentile"), "percentile", "a percentile such as 99");
                            if (percentile.isPresent() && !(percentile.getAsDouble() > 0 && percentile.getAsDouble() <= 100)) {
                                f.problem(f.node("percentile").orElseThrow(), "percentile", "percentile "
                                        + number(percentile.getAsDouble()) + " is out of range (expected: more than 0, at most 100)");
                                percentile = OptionalDouble.empty();
                            }
                            Optional<Duration> max = f.duration(f.required("max"), "max", false);
                            yield percentile.isEmpty() || max.isEmpty() || (f.has("phase") && phase.isEmpty()) ? Optional.empty()
                                    : Optional.of(new Expectation.Latency(phase, percentile.getAsDouble(), max.get()));
                        }
                        case "no-committed-state-lost" -> Optional.of(new Expectation.NoCommittedStateLost());
                        default -> Optional.empty();
                    };
                });
    }

    /** A mapping whose {@code kind} decides which other keys it takes. */
    private Optional<KindedFields> kinded(Node node, String path, List<String> kinds, Function<String, List<String>> keysOf,
            String what) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(Position.of(node), path, "expected a mapping with 'kind', got " + Fields.describe(node));
            return Optional.empty();
        }
        Optional<NodeTuple> kindEntry = mapping.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode key && key.getValue().equals("kind")).findFirst();
        if (kindEntry.isEmpty()) {
            problems.add(Position.of(node), path, "missing required key 'kind' (expected one of: " + String.join(", ", kinds) + ")");
            return Optional.empty();
        }
        Node kindNode = kindEntry.get().getValueNode();
        if (!(kindNode instanceof ScalarNode scalar) || Fields.isNull(kindNode)) {
            problems.add(Position.of(kindNode), path + ".kind", "expected a " + what + " kind, got " + Fields.describe(kindNode)
                    + " (expected one of: " + String.join(", ", kinds) + ")");
            return Optional.empty();
        }
        String kind = scalar.getValue();
        if (!kinds.contains(kind)) {
            problems.add(Position.of(kindNode), path + ".kind", NameHints.unknownName(what + " kind", kind, kinds));
            return Optional.empty();
        }
        return Fields.of(node, path, keysOf.apply(kind), problems, sources).map(f -> new KindedFields(kind, f));
    }

    private record KindedFields(String kind, Fields fields) {}

    private OptionalLong percent(Fields f) {
        return bounded(f, "percent", "a percentage", 0, 100);
    }

    /** An integer within {@code min..max}, reported against the range otherwise. */
    private OptionalLong bounded(Fields f, String key, String expected, long min, long max) {
        OptionalLong value = f.integer(f.node(key), key, "an integer, " + expected);
        if (value.isPresent() && (value.getAsLong() < min || value.getAsLong() > max)) {
            f.problem(f.node(key).orElseThrow(), key, key + " " + value.getAsLong() + " is out of range (expected: " + expected
                    + ", " + min + " to " + max + ")");
            return OptionalLong.empty();
        }
        return value;
    }

    private Optional<RegionName> region(Fields f, Optional<Node> value, String key) {
        return f.string(value, key, "a region name").flatMap(text -> asLabel(value.get(), f.child(key), text, "region name"))
                .map(RegionName::new);
    }

    private Optional<ServiceName> service(Fields f, Optional<Node> value) {
        return f.string(value, "service", "a service name").flatMap(text -> asLabel(value.get(), f.child("service"), text, "service name"))
                .map(ServiceName::new);
    }

    private Optional<NodeId> node(Fields f) {
        Optional<Node> value = f.required("node");
        return f.string(value, "node", "a node name").flatMap(text -> asLabel(value.get(), f.child("node"), text, "node name"))
                .map(NodeId::new);
    }

    private Optional<String> label(Fields f, Optional<Node> value, String key) {
        return f.string(value, key, DNS_LABEL).flatMap(text -> asLabel(value.get(), f.child(key), text, key));
    }

    private Optional<String> asLabel(Node at, String path, String text, String kind) {
        if (DnsLabel.isValid(text)) {
            return Optional.of(text);
        }
        problems.add(Position.of(at), path, kind + " '" + Fields.shortened(text) + "' is not a DNS label (expected: " + DnsLabel.RULE + ")");
        return Optional.empty();
    }

    private static <A, B, R> Optional<R> both(Optional<A> a, Optional<B> b, java.util.function.BiFunction<A, B, R> combine) {
        return a.isPresent() && b.isPresent() ? Optional.of(combine.apply(a.get(), b.get())) : Optional.empty();
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}

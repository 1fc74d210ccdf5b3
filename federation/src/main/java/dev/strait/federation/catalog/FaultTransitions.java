package dev.strait.federation.catalog;

import dev.strait.federation.catalog.RegionCommand.PutFault;
import dev.strait.federation.catalog.RegionCommand.PutLinkFault;
import dev.strait.federation.catalog.RegionCommand.RemoveFault;
import dev.strait.federation.catalog.Transition.Changed;
import dev.strait.federation.catalog.Transition.Refused;
import dev.strait.policy.config.ConfigException;
import dev.strait.policy.model.Fault;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * The rules of a region's runtime faults, part of {@link RegionTransitions}: faults on services and
 * faults on the links to other regions share one set of ids (a put of either kind replaces the
 * fault of that id, whatever its kind), live at most {@link Fault#MAX_LIFETIME}, and expired ones
 * are dropped by the next put. Pure and deterministic, like every transition.
 */
final class FaultTransitions {
    private FaultTransitions() {}

    /** Adds or replaces a fault on a service the region declares. */
    static Transition putFault(RegionState state, PutFault command, RegionName region) {
        Fault fault = command.fault();
        if (!state.catalog().containsKey(fault.service())) {
            return new Refused(RegionTransitions.notDeclared(fault.service(), region));
        }
        Optional<String> badLifetime = lifetimeProblem(fault.id(), fault.expiresAtMillis(), command.atMillis());
        if (badLifetime.isPresent()) {
            return new Refused(badLifetime.get());
        }
        Map<String, Fault> faults = activeAt(state.faults(), Fault::activeAt, command.atMillis());
        Map<String, LinkFault> linkFaults = activeAt(state.linkFaults(), LinkFault::activeAt, command.atMillis());
        linkFaults.remove(fault.id());
        faults.put(fault.id(), fault);
        return new Changed(withFaults(state, faults, linkFaults));
    }

    /** Adds or replaces a fault on the link to another region of the applied config. */
    static Transition putLinkFault(RegionState state, PutLinkFault command, RegionName region) {
        LinkFault fault = command.fault();
        List<RegionName> others = otherRegions(state, region);
        String known = others.isEmpty() ? "none is configured"
                : others.stream().map(RegionName::value).collect(Collectors.joining(", "));
        if (fault.peer().equals(region)) {
            return new Refused("fault '" + fault.id() + "' names region '" + region + "' itself; a region cannot partition,"
                    + " delay or abort its link to itself (expected: another region of the federation: " + known + ")");
        }
        if (!others.contains(fault.peer())) {
            return new Refused("fault '" + fault.id() + "' names region '" + fault.peer() + "', which is not in the federation "
                    + "(expected another region of the federation: " + known + ")");
        }
        Optional<String> badLifetime = lifetimeProblem(fault.id(), fault.expiresAtMillis(), command.atMillis());
        if (badLifetime.isPresent()) {
            return new Refused(badLifetime.get());
        }
        Map<String, Fault> faults = activeAt(state.faults(), Fault::activeAt, command.atMillis());
        Map<String, LinkFault> linkFaults = activeAt(state.linkFaults(), LinkFault::activeAt, command.atMillis());
        faults.remove(fault.id());
        linkFaults.put(fault.id(), fault);
        return new Changed(withFaults(state, faults, linkFaults));
    }

    /** Why a fault expiring at {@code expiresAtMillis} cannot be written at {@code atMillis}, if it cannot. */
    private static Optional<String> lifetimeProblem(String id, long expiresAtMillis, long atMillis) {
        long lifetime = expiresAtMillis - atMillis;
        if (lifetime <= 0) {
            return Optional.of("fault '" + id + "' would expire before it is written (expected: a ttl, or an "
                    + "expiresAt in the future)");
        }
        if (lifetime > Fault.MAX_LIFETIME.toMillis()) {
            return Optional.of("fault '" + id + "' would live " + lifetime / 1000 + " s (expected: at most "
                    + Fault.MAX_LIFETIME.toHours() + " h; put it again later to extend it)");
        }
        return Optional.empty();
    }

    /** The faults still active at {@code atMillis}: expired ones no longer apply anywhere, and dropping them keeps the state small. */
    private static <F> Map<String, F> activeAt(Map<String, F> faults, BiPredicate<F, Long> active, long atMillis) {
        Map<String, F> kept = new LinkedHashMap<>(faults);
        kept.values().removeIf(fault -> !active.test(fault, atMillis));
        return kept;
    }

    /**
     * The other regions of the applied config, sorted; none when the region has no applied config
     * (or it does not parse, which a region never applies).
     */
    private static List<RegionName> otherRegions(RegionState state, RegionName region) {
        if (state.config().version() == 0) {
            return List.of();
        }
        try {
            return AppliedConfigParser.parse(state.config().yaml()).regions().stream()
                    .map(RegionConfig::name).filter(name -> !name.equals(region)).sorted().toList();
        } catch (ConfigException | RuntimeException e) {
            return List.of();
        }
    }

    /** Removes the fault of an id, whatever its kind. */
    static Transition removeFault(RegionState state, RemoveFault command, RegionName region) {
        if (!state.hasFault(command.id())) {
            return new Refused("region '" + region + "' has no fault '" + command.id() + "'");
        }
        Map<String, Fault> faults = new LinkedHashMap<>(state.faults());
        Map<String, LinkFault> linkFaults = new LinkedHashMap<>(state.linkFaults());
        faults.remove(command.id());
        linkFaults.remove(command.id());
        return new Changed(withFaults(state, faults, linkFaults));
    }

    private static RegionState withFaults(RegionState state, Map<String, Fault> faults, Map<String, LinkFault> linkFaults) {
        return new RegionState(state.config(), state.catalog(), state.imports(), faults, linkFaults, state.appliedTerm(),
                state.appliedIndex());
    }
}

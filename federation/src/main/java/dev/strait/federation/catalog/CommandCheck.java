package dev.strait.federation.catalog;

import dev.strait.policy.model.RegionName;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a command against a region's state before it is proposed, with the same rules that
 * apply it ({@link RegionTransitions}), so that bad commands never enter the log and the caller
 * learns why.
 *
 * @param region the region whose state is checked
 */
public record CommandCheck(RegionName region) {
    public CommandCheck {
        Objects.requireNonNull(region, "region");
    }

    /** Why {@code command} does not fit {@code current}, or empty when it does. */
    public Optional<String> reject(RegionState current, RegionCommand command) {
        return switch (RegionTransitions.decide(current, command, region)) {
            case Transition.Changed changed -> Optional.empty();
            case Transition.Refused refused -> Optional.of(refused.reason());
        };
    }
}

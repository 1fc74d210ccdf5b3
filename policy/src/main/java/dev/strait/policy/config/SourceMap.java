package dev.strait.policy.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each bound element came from, so that rules checking the bound records can still
 * point at the right line and column. The binder writes it; rules read it.
 */
final class SourceMap {
    private final Map<ElementPath, Position> keys = new HashMap<>();
    private final Map<ElementPath, Position> values = new HashMap<>();
    private final Map<ElementPath, List<ElementPath>> items = new HashMap<>();

    void recordKey(ElementPath element, Position position) {
        keys.putIfAbsent(element, position);
    }

    void recordValue(ElementPath element, Position position) {
        values.putIfAbsent(element, position);
    }

    /**
     * Records which list items the bound list holds, in order. Items that failed to bind are left
     * out of a bound list, so its indexes need not be the document's.
     */
    void recordItems(ElementPath list, List<ElementPath> boundItems) {
        items.putIfAbsent(list, List.copyOf(boundItems));
    }

    /** Whether the document spelled out this element's key (false for defaulted elements). */
    boolean hasKey(ElementPath element) {
        return keys.containsKey(element);
    }

    /** Where the element's key is; its value's position for list items, which have no key. */
    Position keyOf(ElementPath element) {
        return Optional.ofNullable(keys.get(element)).or(() -> Optional.ofNullable(values.get(element)))
                .orElse(Position.START);
    }

    /** Where the element's value is; its key's position when the value was absent. */
    Position valueOf(ElementPath element) {
        return Optional.ofNullable(values.get(element)).or(() -> Optional.ofNullable(keys.get(element)))
                .orElse(Position.START);
    }

    /** The document paths of a bound list's items, in the bound list's order. */
    List<ElementPath> itemsOf(ElementPath list) {
        return items.getOrDefault(list, List.of());
    }
}

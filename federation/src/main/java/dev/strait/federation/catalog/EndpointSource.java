package dev.strait.federation.catalog;

/** Where a catalog entry came from. */
public enum EndpointSource {
    /** Declared in the applied federation config. */
    CONFIG,
    /** Registered at runtime through the admin API. */
    RUNTIME
}

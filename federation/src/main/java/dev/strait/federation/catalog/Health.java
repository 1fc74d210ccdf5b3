package dev.strait.federation.catalog;

/** An endpoint's health as the region's checks last decided it. */
public enum Health {
    /** Not checked yet; routed to, as a new endpoint would be in Consul or Envoy. */
    UNKNOWN,
    HEALTHY,
    UNHEALTHY;

    /** Whether calls may be sent to an endpoint in this state. */
    public boolean routable() {
        return this != UNHEALTHY;
    }
}

package dev.strait.policy.authz;

import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;

/** Callers the authorization tests share: workloads and gateway nodes of two regions, and anonymous ones. */
final class Callers {
    static final RegionName US_EAST = RegionName.of("us-east");
    static final RegionName EU_WEST = RegionName.of("eu-west");

    static final CallerIdentity ORDERS_US = id("spiffe://strait.demo/region/us-east/service/orders");
    static final CallerIdentity ORDERS_EU = id("spiffe://strait.demo/region/eu-west/service/orders");
    static final CallerIdentity BILLING_US = id("spiffe://strait.demo/region/us-east/service/billing");
    static final CallerIdentity BILLING_EU = id("spiffe://strait.demo/region/eu-west/service/billing");
    static final CallerIdentity GATEWAY_US = id("spiffe://strait.demo/region/us-east/node/gw-1");
    static final CallerIdentity ORDERS_OTHER_DOMAIN = id("spiffe://other.example/region/us-east/service/orders");
    static final CallerIdentity ANONYMOUS_US = CallerIdentity.anonymous(US_EAST);
    static final CallerIdentity ANONYMOUS_EU = CallerIdentity.anonymous(EU_WEST);

    private Callers() {}

    static CallerIdentity id(String uri) {
        return CallerIdentity.authenticated(SpiffeId.parse(uri).orElseThrow());
    }
}

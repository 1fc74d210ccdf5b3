package dev.strait.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/** What {@code strait status} prints for a node's status and catalog JSON, table-driven from JSON answers. */
class StatusSummaryTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String HEALTHY_STATUS = """
            {"federation":"demo","node":"gw-1","region":"us-east","ready":true,"draining":false,
             "certificate":{"notAfter":"2026-03-01T00:00:00Z","expiresInSeconds":2505600},
             "raft":{"role":"follower","leader":"gw-2","term":4,"commitIndex":1532,"appliedIndex":1532,"members":["gw-1","gw-2","gw-3"]},
             "config":{"version":7,"digest":"abc123def4567890abc123def4567890"},
             "snapshotVersion":31,"unreachableGateways":[],
             "federation":{"holdsStreams":true,"peers":[
               {"region":"eu-west","connected":true,"stale":false,"importedVersion":12,"lastSync":"2026-01-31T23:59:00Z",
                "lastSyncAgeMillis":60000,"exportedVersion":9,"lagVersions":0,"exportAddress":"127.0.0.1:15904",
                "silentForMillis":200,"lagSeconds":0.2,"gateways":1,"unreachableGateways":[]}]}}
            """;
    private static final String HEALTHY_CATALOG = """
            {"region":"us-east","appliedIndex":1532,"consistent":false,"configVersion":7,
             "services":{
               "ledger":{"origin":"local","endpoints":[
                 {"id":"ledger-1","address":"10.0.0.3:9000","source":"config","health":"healthy","maintenance":false,"draining":false,"routable":true}]},
               "payments":{"origin":"local","endpoints":[
                 {"id":"payments-1","address":"10.0.0.1:9000","source":"config","health":"healthy","maintenance":false,"draining":false,"routable":true},
                 {"id":"payments-2","address":"10.0.0.2:9000","source":"api","health":"healthy","maintenance":false,"draining":false,"routable":true}]}},
             "imports":[{"region":"eu-west","origin":"imported","version":12,"syncedAt":"2026-01-31T23:59:00Z","ageMillis":60000,
               "stale":false,"gateways":["127.0.0.1:15902"],"services":{"orders":{"healthyEndpoints":2},"search":{"healthyEndpoints":1}}}]}
            """;
    private static final String HEALTHY_TEXT = """
            node      us-east/gw-1   ready   config v7 (digest abc123def456)
            raft      leader gw-2, term 4, applied 1532, 3 members   (this node: follower)
            cert      node certificate expires in 29 d (2026-03-01T00:00:00Z)
            regions   eu-west  connected, lag 0.2 s
            services  ledger: 1/1 endpoint healthy
                      payments: 2/2 endpoints healthy
            imported  eu-west: healthy endpoints: orders 2, search 1
            """;

    private static final String DEGRADED_STATUS = """
            {"federation":"prod","node":"gw-1","region":"us-east","ready":false,"draining":true,"drainDeadline":"2026-02-01T00:00:30Z",
             "certificate":{"notAfter":"2026-02-03T00:00:00Z","expiresInSeconds":259200},
             "raft":{"role":"candidate","leader":null,"term":9,"commitIndex":1540,"appliedIndex":1532,"members":["gw-1","gw-2","gw-3"]},
             "config":{"version":7,"digest":"abc123def4567890"},
             "snapshotVersion":31,"unreachableGateways":["127.0.0.1:16902"],
             "federation":{"holdsStreams":true,"peers":[
               {"region":"ap-south","connected":false,"stale":true,"importedVersion":4,"lastSync":"2026-01-31T23:00:00Z",
                "lastSyncAgeMillis":3600000,"exportedVersion":9,"lagVersions":2,"exportAddress":null,
                "silentForMillis":41000,"lagSeconds":41.0,"gateways":1,"unreachableGateways":["127.0.0.1:16902"]},
               {"region":"eu-west","connected":false,"stale":false,"importedVersion":0,"lastSync":null,"lastSyncAgeMillis":null,
                "gateways":0,"unreachableGateways":[]}]}}
            """;
    private static final String DEGRADED_CATALOG = """
            {"region":"us-east","appliedIndex":1532,"consistent":false,"configVersion":7,
             "services":{
               "ledger":{"origin":"local","endpoints":[
                 {"id":"ledger-1","address":"10.0.0.3:9000","source":"config","health":"unhealthy","maintenance":false,"draining":false,"routable":false}]},
               "payments":{"origin":"local","endpoints":[
                 {"id":"payments-1","address":"10.0.0.1:9000","source":"config","health":"healthy","maintenance":false,"draining":false,"routable":true},
                 {"id":"payments-2","address":"10.0.0.2:9000","source":"config","health":"healthy","maintenance":true,"draining":false,"routable":false},
                 {"id":"payments-3","address":"10.0.0.4:9000","source":"config","health":"healthy","maintenance":false,"draining":true,"routable":false}]}},
             "imports":[{"region":"ap-south","origin":"imported","version":4,"syncedAt":"2026-01-31T23:00:00Z","ageMillis":3600000,
               "stale":true,"gateways":["127.0.0.1:16902"],"services":{}}]}
            """;
    private static final String DEGRADED_TEXT = """
            node      us-east/gw-1   NOT READY   DRAINING until 2026-02-01T00:00:30Z   config v7 (digest abc123def456)
            raft      NO LEADER, term 9, applied 1532 of 1540 committed, 3 members   (this node: candidate)
            cert      node certificate EXPIRES SOON: in 3 d (2026-02-03T00:00:00Z)
            regions   ap-south  STALE, no message from its leader for 41.0 s, this region's latest export not yet acknowledged, \
            UNREACHABLE: 1 of 1 gateways do not answer probes, its services are a last resort
                      eu-west   NOT SYNCED YET
            services  ledger: 0/1 endpoint healthy
                      payments: 1/3 endpoints healthy (1 in maintenance, 1 draining)
            imported  ap-south: exports nothing here (STALE)
            """;

    /** A follower does not hold the streams: it shows the region's replicated view, and an unreadable catalog. */
    private static final String FOLLOWER_STATUS = """
            {"node":"gw-3","region":"eu-west","ready":true,
             "certificate":{"notAfter":"2026-01-30T00:00:00Z","expiresInSeconds":-172800},
             "raft":{"role":"follower","leader":"gw-1","term":2,"commitIndex":40,"appliedIndex":40,"members":["gw-1","gw-2","gw-3"]},
             "config":{"version":0,"digest":""},
             "federation":{"holdsStreams":false,"peers":[
               {"region":"us-east","connected":true,"stale":false,"importedVersion":3,"lastSyncAgeMillis":150000,"gateways":2,
                "unreachableGateways":[]}]}}
            """;
    private static final String UNREADABLE_CATALOG = """
            {"error":"unavailable","message":"region eu-west has no leader"}
            """;
    private static final String FOLLOWER_TEXT = """
            node      eu-west/gw-3   ready   NO CONFIG APPLIED (routing by its own file)
            raft      leader gw-1, term 2, applied 40, 3 members   (this node: follower)
            cert      node certificate EXPIRED 2 d ago (2026-01-30T00:00:00Z)
            regions   us-east  connected, last change synced 2 min ago
            services  UNKNOWN: the catalog could not be read (region eu-west has no leader)
            """;

    private static final String LONE_STATUS = """
            {"node":"gw-1","region":"solo","ready":true,"raft":{"role":"leader","leader":"gw-1","term":1,"commitIndex":3,
             "appliedIndex":3,"members":["gw-1"]},"config":{"version":1,"digest":"0011"},"federation":{"holdsStreams":true,"peers":[]}}
            """;
    private static final String EMPTY_CATALOG = """
            {"region":"solo","services":{},"imports":[]}
            """;
    private static final String LONE_TEXT = """
            node      solo/gw-1   ready   config v1 (digest 0011)
            raft      leader gw-1, term 1, applied 3, 1 member   (this node: leader)
            regions   no other region in the federation
            services  none served in this region
            """;

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("healthy federation, seen from a follower of a leading region", HEALTHY_STATUS, HEALTHY_CATALOG, HEALTHY_TEXT),
                Arguments.of("degraded: no leader, expiring certificate, a stale and unreachable region", DEGRADED_STATUS,
                        DEGRADED_CATALOG, DEGRADED_TEXT),
                Arguments.of("a follower without the streams, expired certificate, no catalog", FOLLOWER_STATUS, UNREADABLE_CATALOG,
                        FOLLOWER_TEXT),
                Arguments.of("a federation of one region, serving nothing", LONE_STATUS, EMPTY_CATALOG, LONE_TEXT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void theSummarySaysWhatTheNodeReports(String name, String status, String catalog, String expected) {
        assertThat(StatusSummary.render(JSON.readTree(status), JSON.readTree(catalog))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 0 s", "41, 41 s", "119, 119 s", "120, 2 min", "7199, 119 min", "7200, 2 h", "172799, 47 h", "172800, 2 d",
            "2505600, 29 d"})
    void durationsKeepTwoDigitsOfMeaning(long seconds, String text) {
        assertThat(StatusSummary.duration(seconds)).isEqualTo(text);
    }
}

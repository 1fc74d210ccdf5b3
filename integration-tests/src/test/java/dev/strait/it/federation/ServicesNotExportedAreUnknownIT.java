package dev.strait.it.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.Admin;
import dev.strait.it.support.Http;
import dev.strait.it.support.ThreeRegions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Exports are deny by default and per peer: region b exports {@code reports} to c only, so a
 * caller in a never learns of it, while c does; {@code catalog} in b is exported to a and c.
 */
class ServicesNotExportedAreUnknownIT {
    @TempDir
    static Path directory;

    static ThreeRegions federation;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        federation = new ThreeRegions(directory)
                .service(ThreeRegions.B, "catalog")
                .service(ThreeRegions.B, "reports", "exportTo: [c]")
                .start();
        http = new Http();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (federation != null) {
            federation.close();
        }
    }

    @Test
    void aServiceNotExportedToTheCallersRegionIsUnknownThere() throws Exception {
        HttpResponse<String> response = http.get(federation.localUrl(ThreeRegions.A), "reports.mesh", "/");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-strait-error")).hasValue("unknown_service");
        HttpResponse<String> pinned = http.get(federation.localUrl(ThreeRegions.A), "reports.b.mesh", "/");
        assertThat(pinned.headers().firstValue("x-strait-error")).hasValue("unknown_service");
    }

    @Test
    void theRegionItIsExportedToCallsIt() throws Exception {
        HttpResponse<String> response = http.get(federation.localUrl(ThreeRegions.C), "reports.mesh", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).hasValue("b");
    }

    @Test
    void theCatalogShowsImportsWithTheirOriginAndOnlyWhatWasExported() throws Exception {
        JsonNode imports = Admin.json(federation.node(ThreeRegions.A).adminPort(), "/v1/catalog").path("imports");

        JsonNode fromB = null;
        for (JsonNode entry : imports) {
            if (entry.path("region").asString().equals("b")) {
                fromB = entry;
            }
        }
        assertThat(fromB).isNotNull();
        assertThat(fromB.path("origin").asString()).isEqualTo("imported");
        assertThat(fromB.path("stale").asBoolean()).isFalse();
        assertThat(fromB.path("ageMillis").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(fromB.path("services").propertyNames()).containsExactly("catalog");
        assertThat(fromB.path("services").path("catalog").path("healthyEndpoints").asInt()).isEqualTo(1);
    }
}

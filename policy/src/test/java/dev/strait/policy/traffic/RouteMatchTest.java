package dev.strait.policy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.policy.authz.PathMatch;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which calls a route takes, and when one route's match takes every call another's would. */
class RouteMatchTest {

    @ParameterizedTest(name = "[{0}] {1} {2} [{3}] -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            *                                         | GET    | /anything    |                       | true
            path=exact:/api/orders                    | GET    | /api/orders  |                       | true
            path=exact:/api/orders                    | GET    | /api/orders/1|                       | false
            path=prefix:/api                          | GET    | /api         |                       | true
            path=prefix:/api                          | GET    | /api/x/y     |                       | true
            path=prefix:/api                          | GET    | /apix        |                       | false
            path=pattern:/api/*/orders                | GET    | /api/v1/orders |                     | true
            path=pattern:/api/*/orders                | GET    | /api/v1/x/orders |                   | false
            path=pattern:/api/**                      | GET    | /api/v1/x/orders |                   | true
            path=exact:/a path=prefix:/b              | GET    | /b/c         |                       | true
            path=exact:/a path=prefix:/b              | GET    | /c           |                       | false
            methods=GET,HEAD                          | HEAD   | /            |                       | true
            methods=GET,HEAD                          | POST   | /            |                       | false
            methods=get                               | GET    | /            |                       | true
            header=x-canary=1                         | GET    | /            | x-canary=1            | true
            header=x-canary=1                         | GET    | /            | X-Canary=1            | true
            header=x-canary=1                         | GET    | /            | x-canary=2            | false
            header=x-canary=1                         | GET    | /            |                       | false
            header=x-env^=prod                        | GET    | /            | x-env=prod-eu         | true
            header=x-debug?                           | GET    | /            | x-debug=               | true
            header=x-debug!                           | GET    | /            | x-debug=1             | false
            header=x-debug!                           | GET    | /            |                       | true
            header=x-canary=1 header=x-env=prod       | GET    | /            | x-canary=1;x-env=prod | true
            header=x-canary=1 header=x-env=prod       | GET    | /            | x-canary=1            | false
            path=prefix:/api methods=GET header=x-canary=1 | GET  | /api/orders | x-canary=1          | true
            path=prefix:/api methods=GET header=x-canary=1 | POST | /api/orders | x-canary=1          | false
            path=prefix:/api methods=GET header=x-canary=1 | GET  | /web        | x-canary=1          | false
            path=prefix:/api methods=GET header=x-canary=1 | GET  | /api/orders | x-canary=0          | false
            """)
    void matchesCallsOnPathsMethodsAndHeaders(String match, String method, String path, String headers, boolean expected) {
        RouteMatch routeMatch = Matches.parse(match);

        assertThat(routeMatch.matches(method, path, Matches.headers(headers == null ? "" : headers))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] covers [{1}]: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            *                                  | path=prefix:/api methods=GET          | true
            *                                  | *                                     | true
            path=prefix:/api                   | *                                     | false
            path=prefix:/api                   | path=exact:/api/orders                | true
            path=prefix:/api                   | path=prefix:/api/v1                   | true
            path=prefix:/api                   | path=pattern:/api/*/orders            | true
            path=prefix:/api                   | path=prefix:/apiv2                    | false
            path=prefix:/api                   | path=exact:/api/a path=exact:/web     | false
            path=exact:/api/a path=exact:/web  | path=exact:/web                       | true
            path=pattern:/api/**               | path=prefix:/api                      | true
            methods=GET,POST                   | methods=GET                           | true
            methods=GET                        | methods=GET,POST                      | false
            methods=GET                        | *                                     | false
            header=x-canary?                   | header=x-canary=1                     | true
            header=x-canary=1                  | header=x-canary?                      | false
            header=x-canary=1                  | header=x-canary=1 header=x-env=prod   | true
            header=x-canary=1 header=x-env=prod | header=x-canary=1                    | false
            path=prefix:/api methods=GET       | path=exact:/api/x methods=GET header=x-a=1 | true
            path=prefix:/api methods=GET       | path=exact:/api/x methods=POST        | false
            """)
    void coversOnlyWhenEveryCallOfTheOtherMatchesToo(String mine, String theirs, boolean expected) {
        assertThat(Matches.parse(mine).covers(Matches.parse(theirs))).isEqualTo(expected);
    }

    @Test
    void keepsMethodsInUpperCaseAndRefusesNonTokens() {
        assertThat(new RouteMatch(List.of(), Set.of("get", "Post"), List.of()).methods()).containsExactlyInAnyOrder("GET", "POST");
        assertThatThrownBy(() -> new RouteMatch(List.of(), Set.of("GE T"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("method 'GE T' is not an HTTP method name (expected: one or more of A-Z, a-z, 0-9 and"
                        + " !#$%&'*+-.^_`|~, such as GET)");
    }

    @Test
    void anyIsTheCatchAllAndSaysSo() {
        assertThat(RouteMatch.ANY.isCatchAll()).isTrue();
        assertThat(RouteMatch.ANY).hasToString("any call");
        assertThat(new RouteMatch(List.of(PathMatch.prefix("/api")), Set.of(), List.of()).isCatchAll()).isFalse();
        assertThat(Matches.parse("path=prefix:/api methods=GET")).hasToString("paths [prefix /api] methods [GET]");
    }
}

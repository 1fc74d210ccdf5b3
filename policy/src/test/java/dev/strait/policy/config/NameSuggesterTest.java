package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameSuggesterTest {
    private static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "eu-wset, eu-west",   // transposition: one edit
        "eu-wes, eu-west",    // deletion
        "us-easst, us-east",  // insertion
        "EU-WEST, eu-west",   // case
        "ap-sout1, ap-south"  // substitution
    })
    void suggestsTheClosestName(String input, String suggestion) {
        assertThat(NameSuggester.closest(input, REGIONS)).contains(suggestion);
    }

    @Test
    void suggestsNothingFarAway() {
        assertThat(NameSuggester.closest("mars", REGIONS)).isEmpty();
        assertThat(NameSuggester.closest("eu-north", REGIONS)).isEmpty();
        assertThat(NameSuggester.closest("x".repeat(10_000), REGIONS)).isEmpty();
    }

    @Test
    void shortNamesAllowOneEditOnly() {
        assertThat(NameSuggester.closest("tsl", List.of("tls"))).contains("tls");
        assertThat(NameSuggester.closest("id", List.of("ip", "address"))).contains("ip");
        assertThat(NameSuggester.closest("io", List.of("tls"))).isEmpty();
    }

    @Test
    void measuresOptimalStringAlignment() {
        assertThat(NameSuggester.distance("eu-wset", "eu-west")).isEqualTo(1);
        assertThat(NameSuggester.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(NameSuggester.distance("", "abc")).isEqualTo(3);
        assertThat(NameSuggester.distance("ca", "abc")).isEqualTo(3);
    }
}

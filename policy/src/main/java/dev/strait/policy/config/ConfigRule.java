package dev.strait.policy.config;

import dev.strait.policy.model.RegionConfig;
import java.util.List;

/**
 * A check across the bound records of one document, such as that every failover entry names a
 * region. Rules see every region whose name was valid, even in a document with other problems,
 * and find positions through the {@link SourceMap}.
 */
interface ConfigRule {
    void check(List<RegionConfig> regions, SourceMap sources, Problems problems);
}

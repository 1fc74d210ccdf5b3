package dev.strait.policy.config;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A YAML document composed into a node graph with positions. Aliased nodes are shared, not
 * copied, so the graph may reach one node along several paths.
 */
record ComposedDocument(Node root, ExplicitTags explicitTags) {}

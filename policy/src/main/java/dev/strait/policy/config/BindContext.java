package dev.strait.policy.config;

/** What every part of binding one document shares: where problems go, and where positions go. */
record BindContext(Problems problems, SourceMap sources) {}

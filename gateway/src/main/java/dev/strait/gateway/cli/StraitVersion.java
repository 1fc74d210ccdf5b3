package dev.strait.gateway.cli;

import picocli.CommandLine;

/** The version printed by {@code strait --version}: the jar's implementation version, if packaged. */
final class StraitVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"strait " + (version == null ? "(development build)" : version)};
    }
}

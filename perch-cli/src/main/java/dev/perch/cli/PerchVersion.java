package dev.perch.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The version printed by {@code --version}: the jar manifest's Implementation-Version (a
 * development build when run from classes), and the Java runtime.
 */
public final class PerchVersion implements IVersionProvider {

    /** The Perch version, or {@code development build}. */
    public static String version() {
        String version = PerchVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "perch " + version(),
            "Java "
                    + System.getProperty("java.version")
                    + " ("
                    + System.getProperty("java.vm.name")
                    + ")"
        };
    }
}

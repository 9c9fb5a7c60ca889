package org.profid365.migrator.pipeline;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests outside this package zip a fixture export. */
public final class ZipFixtureAccess {
    private ZipFixtureAccess() {
    }

    public static void zip(Path dir, Path zip) throws IOException {
        ZipFixture.zipDirectory(dir, zip, "");
    }
}

package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.util.List;
import org.profid365.migrator.mapping.MappingLoader;

/** Reads a written mapping file back for CLI tests. */
final class MappingLoaderAccess {
    private MappingLoaderAccess() {
    }

    static List<String> problems(Path file) {
        return MappingLoader.problems(MappingLoader.load(file).mapping());
    }
}

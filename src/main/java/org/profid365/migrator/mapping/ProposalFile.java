package org.profid365.migrator.mapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a proposal is written, by the CLI and the REST API alike: the mapping file itself while there is none,
 * else {@code <name>.proposed.yaml} beside it, so a file someone reviewed is never overwritten.
 */
public final class ProposalFile {

    private ProposalFile() {
    }

    /** Writes the proposal for {@code mappingFile}; returns the file written. */
    public static Path write(MappingProposal proposal, Path mappingFile) throws IOException {
        Path target = mappingFile;
        if (Files.exists(mappingFile)) {
            String name = mappingFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            target = mappingFile.resolveSibling(name + ".proposed.yaml");
        }
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, "# Proposed by propose-map.\n" + proposal.yaml(), StandardCharsets.UTF_8);
        return target;
    }
}

package io.parley.audit.rerun;

import picocli.CommandLine.Option;

/** Which Streams application is the engine whose decisions are re-run. */
final class EngineId {

    @Option(names = "--engine-id", defaultValue = "parley-engine",
            description = "The engine's Streams application id (default: ${DEFAULT-VALUE}): commands it has not decided yet are left out.")
    String applicationId;
}

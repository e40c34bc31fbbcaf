package io.parley.audit.rerun;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** What replay and what-if share: whose decisions they re-run, on how many threads, and where their events go. */
final class RerunOptions {

    @Option(names = "--engine-id", defaultValue = "parley-engine",
            description = "The engine's Streams application id (default: ${DEFAULT-VALUE}): commands it has not decided yet are left out.")
    String engineId;

    @Option(names = "--threads", description = "Threads re-running conversations (default: one per core).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--events", paramLabel = "FILE", description = "Also write the events the re-run decided to this file, "
            + "as JSON lines whose first field, \"origin\" (\"replay\" or \"what-if\"), marks them as no live traffic.")
    Path eventsFile;
}

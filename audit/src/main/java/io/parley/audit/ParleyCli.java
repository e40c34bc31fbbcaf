package io.parley.audit;

import io.parley.audit.export.AuditExport;
import io.parley.audit.rerun.AuditReplay;
import io.parley.audit.rerun.AuditWhatIf;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./parley}: Parley's command line. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "Parley's command line.", subcommands = {ParleyCli.Audit.class})
public final class ParleyCli {

    /** {@code ./parley audit}: conversations read back from the log. */
    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Read conversations back from the log, as an auditor needs them.", subcommands = {AuditExport.class, AuditReplay.class, AuditWhatIf.class})
    static final class Audit {
    }

    public static void main(String[] args) {
        // The tool's output is its stdout; the clients' logs, warnings only, go to stderr.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // The sentence encoder's runtime warns that this machine has no GPU, which what-if never needs.
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "error");
        // The registry client (through java.util.logging) warns about its own defaults on every start;
        // only its errors concern a user.
        System.setProperty("java.util.logging.config.class", QuietRegistryClient.class.getName());
        System.exit(commandLine().execute(args));
    }

    /** java.util.logging's configuration for the tool: errors only, from the registry client and Vert.x. */
    public static final class QuietRegistryClient {
        public QuietRegistryClient() throws java.io.IOException {
            java.util.logging.LogManager.getLogManager().readConfiguration(new java.io.ByteArrayInputStream(
                    "handlers=java.util.logging.ConsoleHandler\n.level=SEVERE\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    /** The command line as {@code ./parley} runs it: enum options in any case ({@code --format csv}). */
    public static CommandLine commandLine() {
        return new CommandLine(new ParleyCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}

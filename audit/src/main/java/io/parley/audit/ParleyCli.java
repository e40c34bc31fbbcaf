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
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@code ./parley} runs it: enum options in any case ({@code --format csv}). */
    public static CommandLine commandLine() {
        return new CommandLine(new ParleyCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}

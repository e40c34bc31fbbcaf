package io.parley.localstack;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import io.parley.audit.ParleyCli;
import io.parley.infra.SharedTestInfrastructure;
import picocli.CommandLine;

/** {@code ./parley audit} as a user runs it, against this JVM's broker and registry. */
final class AuditTool {

    /** What one run printed, and its exit status. */
    record Run(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n" + out + err;
        }
    }

    private AuditTool() {
    }

    static Run audit(String command, String... options) {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        List<String> args = new ArrayList<>(List.of("audit", command));
        args.addAll(List.of(options));
        args.addAll(List.of("--bootstrap", infra.bootstrapServers(), "--registry", infra.registryUrl()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ParleyCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }
}

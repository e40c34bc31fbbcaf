package io.parley.speech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A private temporary directory for one engine call's files, deleted with everything in it on close. */
final class WorkDirectory implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WorkDirectory.class.getName());

    private final Path path;

    private WorkDirectory(Path path) {
        this.path = path;
    }

    static WorkDirectory create() {
        try {
            // Owner-only permissions on POSIX: uploads and replies are users' words.
            return new WorkDirectory(Files.createTempDirectory("parley-speech-"));
        } catch (IOException e) {
            throw new SpeechEngineException("Cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    Path resolve(String fileName) {
        return path.resolve(fileName);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(path)) {
            entries = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "Cannot list temporary directory " + path + " to delete it", e);
            return;
        }
        for (Path entry : entries) {
            try {
                Files.deleteIfExists(entry);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot delete temporary file " + entry, e);
            }
        }
    }
}

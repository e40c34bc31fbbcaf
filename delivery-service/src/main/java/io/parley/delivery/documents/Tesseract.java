package io.parley.delivery.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the text of an image with the Tesseract OCR command ({@code tesseract <image> stdout -l <lang>}),
 * a few at a time, each run bounded in time. The languages it has are asked once, when it is created;
 * a conversation's language is read when its trained data is there, English otherwise.
 */
final class Tesseract {

    /** Pictures larger than this are refused before decoding: a small file can unpack into gigabytes. */
    static final long MAX_PIXELS = 50_000_000L;
    private static final String FALLBACK_LANGUAGE = "eng";
    private static final int MAX_OUTPUT_BYTES = 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(Tesseract.class);

    /** BCP 47 primary language subtags to Tesseract's trained-data names, for the languages Parley's bots speak. */
    private static final Map<String, String> TRAINED_DATA = Map.ofEntries(
            Map.entry("en", "eng"), Map.entry("fr", "fra"), Map.entry("af", "afr"), Map.entry("zu", "zul"),
            Map.entry("xh", "xho"), Map.entry("pt", "por"), Map.entry("es", "spa"), Map.entry("de", "deu"), Map.entry("nl", "nld"),
            Map.entry("it", "ita"), Map.entry("sw", "swa"));

    private final String executable;
    private final Duration timeout;
    private final Semaphore permits;
    private final Set<String> languages;

    Tesseract(String executable, Duration timeout, int concurrency) {
        this.executable = executable;
        this.timeout = timeout;
        this.permits = new Semaphore(Math.max(1, concurrency), true);
        this.languages = installedLanguages(executable);
    }

    /** Whether the command answered when asked for its languages. */
    boolean available() {
        return !languages.isEmpty();
    }

    /** The trained data Tesseract has, as it names them (eng, fra, ...). */
    Set<String> languages() {
        return languages;
    }

    /** The trained data to read a text in {@code languageCode} (a BCP 47 tag, may be null) with. */
    String language(String languageCode) {
        if (languageCode == null || languageCode.isBlank()) {
            return FALLBACK_LANGUAGE;
        }
        String primary = languageCode.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        String trained = TRAINED_DATA.getOrDefault(primary, primary);
        return languages.contains(trained) ? trained : FALLBACK_LANGUAGE;
    }

    /** The text of {@code image}, in the language of {@code languageCode}. */
    String read(byte[] image, DocumentFormat format, String languageCode)
            throws UnreadableDocumentException, InterruptedException {
        if (!available()) {
            throw new UnreadableDocumentException("reading text from pictures is not available at the moment");
        }
        refuseHugePictures(image);
        if (!permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new UnreadableDocumentException("too many pictures are being read at the moment; please try again");
        }
        Path directory = null;
        try {
            directory = Files.createTempDirectory("parley-ocr-");
            Path input = Files.write(directory.resolve("document." + format.suffix()), image);
            return run(input, directory.resolve("text.txt"), directory.resolve("errors.txt"), language(languageCode));
        } catch (IOException e) {
            log.warn("could not run {}: {}", executable, e.toString());
            throw new UnreadableDocumentException("reading text from pictures is not available at the moment");
        } finally {
            permits.release();
            delete(directory);
        }
    }

    private String run(Path input, Path output, Path errors, String language)
            throws IOException, UnreadableDocumentException, InterruptedException {
        ProcessBuilder command = new ProcessBuilder(List.of(executable, input.toString(), "stdout", "-l", language))
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile());
        // Parallelism comes from the permits: one core per run, not OpenMP's threads fighting over them.
        command.environment().put("OMP_THREAD_LIMIT", "1");
        Process process = command.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new UnreadableDocumentException("reading the picture took longer than "
                        + DocumentFetcher.seconds(timeout));
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                // So that its files are closed when they are deleted; it cannot refuse SIGKILL for long.
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (process.exitValue() != 0) {
            log.warn("{} could not read {} (exit {}): {}", executable, input.getFileName(), process.exitValue(),
                    firstLine(errors));
            throw new UnreadableDocumentException("the picture could not be read");
        }
        return new String(readAtMost(output, MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
    }

    private static void refuseHugePictures(byte[] image) throws UnreadableDocumentException {
        try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                return;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new UnreadableDocumentException("the picture is too large to read ("
                            + reader.getWidth(0) + " x " + reader.getHeight(0) + " pixels)");
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            // Java cannot tell the size (WebP, an unusual variant): Tesseract's own limits and the timeout apply.
        }
    }

    private static Set<String> installedLanguages(String executable) {
        Set<String> found = new LinkedHashSet<>();
        Path listing = null;
        try {
            listing = Files.createTempFile("parley-ocr-languages-", ".txt");
            Process process = new ProcessBuilder(List.of(executable, "--list-langs"))
                    .redirectOutput(listing.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log.warn("{} --list-langs did not answer: pictures will not be read", executable);
                return Set.of();
            }
            // The first line names the folder; each further line is one trained language.
            Files.readAllLines(listing, StandardCharsets.UTF_8).stream()
                    .skip(1)
                    .map(String::strip)
                    .filter(line -> line.matches("[A-Za-z0-9_]+") && !line.equals("osd"))
                    .forEach(found::add);
        } catch (IOException e) {
            log.warn("OCR command {} is not available ({}): pictures will not be read", executable, e.getMessage());
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        } finally {
            delete(listing);
        }
        if (found.isEmpty()) {
            log.warn("{} has no trained languages: pictures will not be read", executable);
        } else {
            log.info("OCR with {} in {}", executable, found);
        }
        return Set.copyOf(found);
    }

    private static byte[] readAtMost(Path file, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(limit);
        }
    }

    private static String firstLine(Path file) {
        try {
            return new String(readAtMost(file, 500), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static void delete(Path path) {
        if (path == null) {
            return;
        }
        try (Stream<Path> contents = Files.isDirectory(path) ? Files.list(path) : Stream.empty()) {
            for (Path child : contents.toList()) {
                Files.deleteIfExists(child);
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", path, e.toString());
        }
    }
}

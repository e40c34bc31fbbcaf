package io.parley.delivery.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Tesseract command as installed on this machine (Debian's tesseract-ocr), and stand-ins for it. */
class TesseractTest {

    private static final Tesseract tesseract = new Tesseract("tesseract", Duration.ofSeconds(30), 2);

    @Test
    void readsTheWordsOfAPicture() throws Exception {
        String text = tesseract.read(Samples.png("What are your opening hours"), DocumentFormat.PNG, "en");

        assertThat(DocumentText.presentable(text, 200)).containsIgnoringCase("What are your opening hours");
    }

    @Test
    void readsInTheConversationsLanguageWhenItsTrainedDataIsInstalledAndInEnglishOtherwise() {
        assertThat(tesseract.languages()).contains("eng");
        assertThat(tesseract.language("en-ZA")).isEqualTo("eng");
        assertThat(tesseract.language(null)).isEqualTo("eng");
        assertThat(tesseract.language("fr")).isEqualTo(tesseract.languages().contains("fra") ? "fra" : "eng");
        assertThat(tesseract.language("fr_CA")).isEqualTo(tesseract.language("fr"));
        assertThat(tesseract.language("af")).isEqualTo(tesseract.languages().contains("afr") ? "afr" : "eng");
        assertThat(tesseract.language("zu")).isEqualTo(tesseract.languages().contains("zul") ? "zul" : "eng");
        assertThat(tesseract.language("xx")).isEqualTo("eng");
    }

    @Test
    void withoutTheCommandPicturesAreAnsweredAsUnreadable() {
        Tesseract missing = new Tesseract("/nonexistent/tesseract", Duration.ofSeconds(5), 1);

        assertThat(missing.available()).isFalse();
        assertThatThrownBy(() -> missing.read(Samples.png("Hello"), DocumentFormat.PNG, "en"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("reading text from pictures is not available at the moment");
    }

    @Test
    void aRunPastItsTimeIsKilledAndItsFilesDeleted(@TempDir Path dir) throws Exception {
        Path seen = dir.resolve("input-path.txt");
        // Knows English, then takes forever over any picture, after telling where the picture was.
        Path slow = script(dir, "slow-tesseract", """
                #!/bin/sh
                if [ "$1" = "--list-langs" ]; then echo 'List of available languages (1):'; echo eng; exit 0; fi
                echo "$1" > '%s'
                exec sleep 60
                """.formatted(seen));
        Tesseract stuck = new Tesseract(slow.toString(), Duration.ofMillis(500), 1);

        assertThatThrownBy(() -> stuck.read(Samples.png("Hello"), DocumentFormat.PNG, "en"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("reading the picture took longer than 500 ms");
        Path input = Path.of(Files.readString(seen, StandardCharsets.UTF_8).strip());
        assertThat(input).doesNotExist();
        assertThat(input.getParent()).doesNotExist();
    }

    @Test
    void aFailingRunIsAnsweredWithoutItsOutput(@TempDir Path dir) throws Exception {
        Path failing = script(dir, "failing-tesseract", """
                #!/bin/sh
                if [ "$1" = "--list-langs" ]; then echo 'List of available languages (1):'; echo eng; exit 0; fi
                echo 'Error in pixReadStream: Unknown format: no pix returned' >&2
                exit 1
                """);
        Tesseract broken = new Tesseract(failing.toString(), Duration.ofSeconds(5), 1);

        assertThatThrownBy(() -> broken.read(Samples.png("Hello"), DocumentFormat.PNG, "en"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("the picture could not be read");
    }

    @Test
    void aPictureTooLargeToDecodeIsRefusedBeforeTesseractSeesIt() {
        // A PNG header that claims 100000 x 100000 pixels: a few bytes that would decode to 10 gigapixels.
        byte[] bomb = java.util.HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452000186a0000186a00802000000");

        assertThatThrownBy(() -> tesseract.read(bomb, DocumentFormat.PNG, "en"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("the picture is too large to read (100000 x 100000 pixels)");
    }

    private static Path script(Path dir, String name, String content) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(script, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}

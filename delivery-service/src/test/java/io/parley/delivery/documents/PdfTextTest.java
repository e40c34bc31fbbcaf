package io.parley.delivery.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class PdfTextTest {

    private static final Tesseract tesseract = new Tesseract("tesseract", Duration.ofSeconds(30), 2);

    @Test
    void readsTheTextLayerOfTheFirstPagesOnly() throws Exception {
        PdfText pdfs = new PdfText(2, 0, tesseract);

        String text = pdfs.text(Samples.pdf("Page one speaks of opening hours.", "Page two of prices.", "Page three is too far."), "en");

        assertThat(text).contains("Page one speaks of opening hours.", "Page two of prices.").doesNotContain("Page three");
    }

    @Test
    void aScanIsReadByOcr() throws Exception {
        PdfText pdfs = new PdfText(20, 1, tesseract);

        String text = pdfs.text(Samples.scannedPdf("Please renew my policy"), "en");

        assertThat(DocumentText.presentable(text, 200)).containsIgnoringCase("Please renew my policy");
    }

    @Test
    void aScanIsUnreadableWhenScansAreNotRead() {
        PdfText pdfs = new PdfText(20, 0, tesseract);

        assertThatThrownBy(() -> pdfs.text(Samples.scannedPdf("Please renew my policy"), "en"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("the PDF has no text layer (is it a scan?)");
    }

    @Test
    void aPasswordProtectedOrDamagedPdfIsUnreadableForThatReason() {
        PdfText pdfs = new PdfText(20, 0, tesseract);

        assertThatThrownBy(() -> pdfs.text(Samples.passwordProtectedPdf("Secret terms", "s3cret"), "en"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("the PDF is protected by a password");
        assertThatThrownBy(() -> pdfs.text("%PDF-1.7\nthis is not really a PDF".getBytes(StandardCharsets.US_ASCII), "en"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("the file is not a readable PDF");
    }

    @Test
    void aPdfWhoseTextTakesTooLongToReadIsStoppedAtTheLimit() {
        PdfText pdfs = new PdfText(20, 0, tesseract, Duration.ofNanos(1));

        assertThatThrownBy(() -> pdfs.text(Samples.pdf("Page one speaks of opening hours."), "en"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("reading the PDF's text took longer than 0 ms");
    }
}

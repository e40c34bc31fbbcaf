package io.parley.delivery.documents;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of a PDF (Apache PDFBox): its text layer, first pages only; a scan without one has its
 * first pages rendered and read by OCR.
 */
final class PdfText {

    /** PDFBox's memory for one document's decoded streams: a small file can inflate enormously. */
    static final long MAX_MEMORY_BYTES = 256L * 1024 * 1024;
    /** Reading a text layer takes milliseconds; a file built to take minutes is stopped here. */
    static final Duration TEXT_TIME_LIMIT = Duration.ofSeconds(10);
    /** What Tesseract reads best. */
    private static final float OCR_DPI = 300;
    /** A page rendered for OCR stays below this, whatever size the PDF says the page is. */
    private static final double MAX_PAGE_PIXELS = 12_000_000;

    private final int maxPages;
    private final int ocrPages;
    private final Tesseract ocr;
    private final Duration textTimeLimit;

    PdfText(int maxPages, int ocrPages, Tesseract ocr) {
        this(maxPages, ocrPages, ocr, TEXT_TIME_LIMIT);
    }

    PdfText(int maxPages, int ocrPages, Tesseract ocr, Duration textTimeLimit) {
        this.maxPages = maxPages;
        this.ocrPages = ocrPages;
        this.ocr = ocr;
        this.textTimeLimit = textTimeLimit;
    }

    /** The text of the PDF {@code bytes}; a scan is read in the language of {@code languageCode}. */
    String text(byte[] bytes, String languageCode) throws UnreadableDocumentException, InterruptedException {
        try (PDDocument document = Loader.loadPDF(bytes, "", null, null,
                MemoryUsageSetting.setupMainMemoryOnly(MAX_MEMORY_BYTES).streamCache)) {
            PDFTextStripper stripper = new TimedStripper(System.nanoTime() + textTimeLimit.toNanos());
            stripper.setStartPage(1);
            stripper.setEndPage(maxPages);
            String text = stripper.getText(document);
            if (!text.isBlank()) {
                return text;
            }
            return scannedText(document, languageCode);
        } catch (InvalidPasswordException e) {
            throw new UnreadableDocumentException("the PDF is protected by a password");
        } catch (TimeLimitReached e) {
            throw new UnreadableDocumentException("reading the PDF's text took longer than " + textTimeLimit.toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            // PDFBox reports a damaged file in many ways, some of them unchecked.
            throw new UnreadableDocumentException("the file is not a readable PDF");
        }
    }

    private String scannedText(PDDocument document, String languageCode)
            throws IOException, UnreadableDocumentException, InterruptedException {
        int pages = Math.min(ocrPages, document.getNumberOfPages());
        if (pages == 0 || !ocr.available()) {
            throw new UnreadableDocumentException("the PDF has no text layer (is it a scan?)");
        }
        PDFRenderer renderer = new PDFRenderer(document);
        StringBuilder text = new StringBuilder();
        for (int page = 0; page < pages; page++) {
            BufferedImage image = renderer.renderImageWithDPI(page, dpi(document.getPage(page).getMediaBox()), ImageType.GRAY);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            text.append(ocr.read(png.toByteArray(), DocumentFormat.PNG, languageCode)).append('\n');
        }
        if (text.toString().isBlank()) {
            throw new UnreadableDocumentException("the PDF has no text layer and no text was found on its "
                    + (pages == 1 ? "first page" : "first " + pages + " pages"));
        }
        return text.toString();
    }

    /** 300 dpi, or less for a page so large that 300 dpi would not fit in {@link #MAX_PAGE_PIXELS}. */
    private static float dpi(PDRectangle box) {
        double squareInches = (box.getWidth() / 72.0) * (box.getHeight() / 72.0);
        if (squareInches <= 0) {
            return OCR_DPI;
        }
        return (float) Math.max(1, Math.min(OCR_DPI, Math.sqrt(MAX_PAGE_PIXELS / squareInches)));
    }

    /** Thrown between two operators of a page's content once the time limit has passed. */
    private static final class TimeLimitReached extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** Checks the time before each content-stream operator: PDFBox cannot be interrupted otherwise. */
    private static final class TimedStripper extends PDFTextStripper {
        private final long deadlineNanos;

        TimedStripper(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            if (System.nanoTime() > deadlineNanos) {
                throw new TimeLimitReached();
            }
            super.processOperator(operator, operands);
        }
    }
}

package io.parley.delivery.documents;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** Documents made on the spot, as users would send them. */
final class Samples {

    static {
        // Java2D without a display.
        System.setProperty("java.awt.headless", "true");
    }

    private Samples() {
    }

    /** A PDF with a text layer, one page per text. */
    static byte[] pdf(String... pages) {
        try (PDDocument document = new PDDocument()) {
            for (String text : pages) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            return saved(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF that opens only with {@code password}. */
    static byte[] passwordProtectedPdf(String text, String password) {
        try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf(text))) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-" + password, password, new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return saved(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scan: a PDF whose page is only a picture of {@code text}, with no text layer. */
    static byte[] scannedPdf(String text) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            BufferedImage picture = picture(text);
            PDImageXObject image = LosslessFactory.createFromImage(document, picture);
            float width = 500;
            float height = width * picture.getHeight() / picture.getWidth();
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(image, 48, 600, width, height);
            }
            return saved(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG of {@code text}: black on white, large and plain, as a phone photo of a sign would be at best. */
    static byte[] png(String text) {
        return encoded(picture(text), "png");
    }

    /** The same picture as a JPEG. */
    static byte[] jpeg(String text) {
        return encoded(picture(text), "jpg");
    }

    static BufferedImage picture(String text) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 56);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measure = probe.createGraphics();
        int width = measure.getFontMetrics(font).stringWidth(text) + 120;
        measure.dispose();
        BufferedImage image = new BufferedImage(width, 180, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.setColor(Color.BLACK);
            graphics.setFont(font);
            graphics.drawString(text, 60, 110);
        } finally {
            graphics.dispose();
        }
        return image;
    }

    private static byte[] encoded(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] saved(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }
}

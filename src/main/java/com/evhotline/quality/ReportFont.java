package com.evhotline.quality;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The CJK TrueType font the report's PDF embeds (a subset: only the glyphs used): a .ttf, or the first font of a
 * .ttc collection. The bundled WenQuanYi Micro Hei (Apache-2.0, {@code fonts/wqy-microhei-LICENSE.txt}) unless a
 * path is configured. Read once; each document opens its own copy, as PDFBox's font objects are not shared.
 */
final class ReportFont {

    static final String BUNDLED = "fonts/wqy-microhei.ttc";

    private final byte[] bytes;
    private final String name;

    private ReportFont(byte[] bytes, String name) {
        this.bytes = bytes;
        this.name = name;
    }

    /** The font at {@code path}, or the bundled one; fails when it cannot be read. */
    static ReportFont load(String path) {
        try {
            if (path != null && !path.isBlank()) {
                return new ReportFont(Files.readAllBytes(Path.of(path)), path);
            }
            try (InputStream in = ReportFont.class.getClassLoader().getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled font " + BUNDLED + " is missing from the service");
                }
                return new ReportFont(in.readAllBytes(), BUNDLED);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report font " + path + " (HOTLINE_REPORT_FONT)", e);
        }
    }

    String name() {
        return name;
    }

    /** An open font, closed (with its collection) when the document using it is saved. */
    Opened open() throws IOException {
        if (isCollection()) {
            TrueTypeCollection collection = new TrueTypeCollection(new ByteArrayInputStream(bytes));
            AtomicReference<TrueTypeFont> first = new AtomicReference<>();
            collection.processAllFonts(f -> first.compareAndSet(null, f));
            if (first.get() == null) {
                collection.close();
                throw new IOException(name + " holds no font");
            }
            return new Opened(first.get(), collection);
        }
        TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(bytes));
        return new Opened(font, font);
    }

    private boolean isCollection() {
        return bytes.length > 4 && bytes[0] == 't' && bytes[1] == 't' && bytes[2] == 'c' && bytes[3] == 'f';
    }

    /** A font ready for one document. */
    record Opened(TrueTypeFont font, Closeable owner) implements Closeable {
        @Override
        public void close() throws IOException {
            owner.close();
        }
    }
}

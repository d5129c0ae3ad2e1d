import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A build step, run by the package phase as a single-file program before the class archive's training run:
 * rewrites every jar of the packaged service (except the launcher) with its entries stored, not deflated.
 * Quarkus' class loader reads each class's bytes from its jar even when the class archive holds the class, and
 * inflating them was the largest single cost of a start after the service's own work. Entry names, order,
 * contents and times are kept; a jar already stored is left alone, so running it twice changes nothing.
 *
 * <p>Usage: {@code java src/build/StoreJars.java target/quarkus-app}
 */
public final class StoreJars {

    private StoreJars() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            throw new IllegalArgumentException("usage: java src/build/StoreJars.java <the packaged service's folder>");
        }
        Path root = Path.of(args[0]);
        List<Path> jars;
        try (Stream<Path> files = Files.walk(root)) {
            jars = files.filter(p -> p.toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().equals("quarkus-run.jar")) // the launcher: a manifest
                    .sorted().toList();
        }
        int rewritten = 0;
        for (Path jar : jars) {
            if (store(jar)) {
                rewritten++;
            }
        }
        System.out.printf("StoreJars: %d of %d jars under %s rewritten with stored entries%n", rewritten, jars.size(), root);
    }

    /** Rewrites one jar with stored entries; false if every entry already was. */
    static boolean store(Path jar) throws IOException {
        Path next = jar.resolveSibling(jar.getFileName() + ".storing");
        try (ZipFile in = new ZipFile(jar.toFile())) {
            if (in.stream().allMatch(e -> e.getMethod() == ZipEntry.STORED)) {
                return false;
            }
            try (OutputStream file = Files.newOutputStream(next); ZipOutputStream out = new ZipOutputStream(file)) {
                out.setMethod(ZipOutputStream.STORED);
                for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements();) {
                    ZipEntry e = entries.nextElement();
                    byte[] bytes;
                    try (var content = in.getInputStream(e)) {
                        bytes = content.readAllBytes();
                    }
                    ZipEntry stored = new ZipEntry(e.getName());
                    stored.setMethod(ZipEntry.STORED);
                    stored.setTime(e.getTime());
                    if (e.getExtra() != null) {
                        stored.setExtra(e.getExtra());
                    }
                    if (e.getComment() != null) {
                        stored.setComment(e.getComment());
                    }
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    stored.setSize(bytes.length);
                    stored.setCompressedSize(bytes.length);
                    stored.setCrc(crc.getValue());
                    out.putNextEntry(stored);
                    out.write(bytes);
                    out.closeEntry();
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(next);
            throw new IOException("cannot rewrite " + jar + ": " + e.getMessage(), e);
        }
        Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}

package dev.ebpfexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedFileTest {
    @TempDir
    Path dir;

    @Test
    void readsARegularFileUpToTheLimitAndThroughASymlink() throws IOException {
        Path file = Files.write(dir.resolve("four"), new byte[] {1, 2, 3, 4});
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);

        assertThat(BoundedFile.read(file, 4)).containsExactly(1, 2, 3, 4);
        assertThat(BoundedFile.read(link, 4)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aFileOverTheLimitIsRefusedWithTheFigures() throws IOException {
        Path big = Files.write(dir.resolve("big.yaml"), new byte[(int) BoundedFile.YAML_LIMIT + 1]);

        assertThatThrownBy(() -> BoundedFile.read(big, BoundedFile.YAML_LIMIT)).isInstanceOf(BoundedFile.Refused.class)
                .hasMessage("is 2097153 bytes, over the limit of 2 MiB for this kind of file; check that it is the"
                        + " file meant");
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("object.bpf.o");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();

        // Opening a FIFO for reading blocks until a writer comes: returning at all shows it was not opened.
        assertThatThrownBy(() -> BoundedFile.read(fifo, BoundedFile.OBJECT_LIMIT))
                .isInstanceOf(BoundedFile.Refused.class)
                .hasMessage("is a FIFO (named pipe), not a regular file; name the file itself");
    }

    @Test
    void devicesAndDirectoriesAreRefused() {
        assertThatThrownBy(() -> BoundedFile.read(Path.of("/dev/zero"), BoundedFile.PEM_LIMIT))
                .isInstanceOf(BoundedFile.Refused.class).hasMessageStartingWith("is a character device, not a regular");
        assertThatThrownBy(() -> BoundedFile.read(dir, BoundedFile.PEM_LIMIT))
                .isInstanceOf(BoundedFile.Refused.class).hasMessageStartingWith("is a directory, not a regular");
    }

    @Test
    void aMissingFileIsTheUsualException() {
        assertThatThrownBy(() -> BoundedFile.read(dir.resolve("absent"), 1)).isInstanceOf(NoSuchFileException.class);
    }
}

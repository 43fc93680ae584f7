package io.mysql2gp.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionTest {

    @Test
    void outsideAJarTheVersionIsDev() {
        assertThat(Version.current()).isEqualTo("dev");
    }

    @Test
    void insideAJarTheVersionComesFromTheManifest(@TempDir Path dir) throws Exception {
        Path jar = jarWithVersionClass(dir, "1.2.3");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> c = loader.loadClass(Version.class.getName());
            assertThat(c.getClassLoader()).isSameAs(loader);
            assertThat(c.getMethod("current").invoke(null)).isEqualTo("1.2.3");
        }
    }

    private static Path jarWithVersionClass(Path dir, String version) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        Path jar = dir.resolve("v.jar");
        String entry = Version.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m);
                InputStream in = Version.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
            j.closeEntry();
        }
        return jar;
    }
}

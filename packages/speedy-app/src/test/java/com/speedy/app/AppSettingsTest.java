package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.runtime.config.ConfFile;
import com.speedy.runtime.config.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSettingsTest {
    private static final Path SHIPPED = Path.of("src/deb/conf/speedy-app.conf");

    @Test
    void theShippedConffilesCommentedValuesAreTheDefaults(@TempDir Path dir) throws Exception {
        String shipped = Files.readString(SHIPPED);
        // "#key = value" lines are the defaults: uncommented they must change nothing (and be known keys).
        String uncommented = Pattern.compile("(?m)^#([a-z.-]+ = )").matcher(shipped).replaceAll("$1");

        AppSettings defaults = read(Files.writeString(dir.resolve("shipped.conf"), shipped));
        AppSettings explicit = read(Files.writeString(dir.resolve("uncommented.conf"), uncommented));

        assertThat(explicit).isEqualTo(defaults);
        assertThat(defaults.drainFlag()).isEqualTo(Path.of("/var/lib/speedy-app/draining"));
    }

    @Test
    void readsTheDrainFlag(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("speedy-app.conf"), "db.password = x\ndrain.flag = /srv/drain\n");

        assertThat(read(conf).drainFlag()).isEqualTo(Path.of("/srv/drain"));
    }

    private static AppSettings read(Path conf) throws Exception {
        ConfigReader config = new ConfigReader(ConfFile.read(conf));
        AppSettings settings = AppSettings.read(config);
        config.finish();
        return settings;
    }
}

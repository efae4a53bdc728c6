package com.speedy.push.inventory;

import static com.speedy.push.inventory.InventoryTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The inventory's {@code bootstrap} section: what push bootstrap sets on every host besides users and sshd. */
class BootstrapSectionTest {
    private static final String HOSTS = """
            ssh: {user: deploy, keys: [/k]}
            hosts:
              app1: {address: 10.0.0.21}
            """;

    @Test
    void withoutTheSectionHostsGetUtcAndCUtf8() throws Exception {
        assertThat(InventoryTest.parse(HOSTS).hostSetup()).isEqualTo(new HostSetup("Etc/UTC", "C.UTF-8"));
        assertThat(InventoryTest.parse(HOSTS + "bootstrap: {timezone: Europe/Berlin}\n").hostSetup())
                .isEqualTo(new HostSetup("Europe/Berlin", "C.UTF-8"));
        assertThat(InventoryTest.parse(HOSTS + "bootstrap: {timezone: America/Argentina/Buenos_Aires, locale:"
                + " de_DE.UTF-8}\n").hostSetup()).isEqualTo(new HostSetup("America/Argentina/Buenos_Aires",
                        "de_DE.UTF-8"));
    }

    @Test
    void aValueThatCouldEscapeZoneinfoOrIsNoLocaleIsReportedWhereItStands() {
        assertThat(problems(HOSTS + """
                bootstrap:
                  timezone: ../../etc/shadow
                  locale: de_DE.ISO-8859-1
                  keyboard: de
                """)).containsExactly(
                "5:13: bootstrap.timezone: '../../etc/shadow' is not a time zone such as Europe/Berlin",
                "6:11: bootstrap.locale: 'de_DE.ISO-8859-1' is not a locale such as C.UTF-8 or en_US.UTF-8",
                "7:3: bootstrap.keyboard: unknown key; known here: timezone, locale");
    }
}

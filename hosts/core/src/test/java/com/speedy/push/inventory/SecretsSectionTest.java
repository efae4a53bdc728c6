package com.speedy.push.inventory;

import static com.speedy.push.inventory.InventoryTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inventory's {@code secrets} and {@code firewall} sections: push config's store, push firewall's operators. */
class SecretsSectionTest {
    private static final String HOSTS = "ssh: {user: deploy, keys: [/k]}\nhosts:\n  app1: {address: 10.0.0.21}\n";
    private static final String KEY = "age1rjcf308v4fvs3rxdzntxad6tvfk8jjxt58xfw0v5klg8f0yzr5pqh7kcq8";

    @Test
    void theStoreIsBesideTheInventoryAndTheIdentityWhereItSays() throws Exception {
        Secrets secrets = InventoryTest.parse(HOSTS + "secrets: {recipients: [" + KEY + "], identity:"
                + " /home/ops/.config/speedy/age.txt}\n").secrets().orElseThrow();
        assertThat(secrets).isEqualTo(new Secrets(List.of(KEY), Path.of("/home/ops/.config/speedy/age.txt"),
                Path.of("/etc/push/secrets")));
        assertThat(InventoryTest.parse(HOSTS).secrets()).isEmpty();
    }

    @Test
    void anIdentityInTheInventorysFolderOrAnEmptyOperatorListIsRefused() {
        assertThat(problems(HOSTS + "secrets:\n  recipients: [" + KEY + "]\n  identity: keys/age.txt\n"))
                .containsExactly("6:3: secrets.identity: /etc/push/keys/age.txt is in the inventory's folder, which"
                        + " goes into git with the encrypted secrets: keep the private key elsewhere, e.g."
                        + " ~/.config/speedy/age-identity.txt");
        assertThat(problems(HOSTS + "firewall:\n  operators: []\n")).containsExactly(
                "5:3: firewall.operators: empty; ssh would be open to nobody");
        assertThat(problems(HOSTS + "firewall: {operators: [10.0.0.0/33, ops.example, '2001:db8::/64']}\n"))
                .containsExactly("4:24: firewall.operators[0]: '10.0.0.0/33' is not an IPv4 or IPv6 address or"
                        + " network such as 192.0.2.0/24", "4:37: firewall.operators[1]: 'ops.example' is not an IPv4"
                        + " or IPv6 address or network such as 192.0.2.0/24");
    }
}

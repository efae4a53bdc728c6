package com.speedy.push.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.inventory.Inventory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The monitoring server's web interface as push writes it: nginx's site, cgi.cfg's lines, the password file. */
class WebInterfaceTest {
    private static final String FLEET = """
            ssh: {user: root, agent: true}
            firewall: {operators: [192.0.2.10, '2001:db8::/48']}
            groups:
              app: {packages: [speedy-app]}
              lb: {packages: [speedy-lb]}
              monitoring:
            hosts:
              app1: {address: 10.0.0.21, groups: [app]}
              lb1: {address: 10.0.0.51, groups: [lb]}
              mon1: {address: 10.0.0.31, groups: [monitoring]}
            monitoring: {server: mon1}
            """;
    /** The lines of Debian's cgi.cfg (nagios4-cgi 4.4.6) that push changes, and some it leaves. */
    private static final String DEBIAN_CGI_CFG = """
            # MAIN CONFIGURATION FILE
            main_config_file=/etc/nagios4/nagios.cfg
            physical_html_path=/usr/share/nagios4/htdocs
            url_html_path=/nagios4
            use_authentication=0
            use_ssl_authentication=0
            #default_user_name=guest
            authorized_for_system_information=nagiosadmin
            authorized_for_configuration_information=nagiosadmin
            authorized_for_system_commands=nagiosadmin
            authorized_for_all_services=nagiosadmin
            authorized_for_all_hosts=nagiosadmin
            authorized_for_all_service_commands=nagiosadmin
            authorized_for_all_host_commands=nagiosadmin
            #authorized_for_read_only=user1,user2
            refresh_rate=90
            """;

    @Test
    void theSiteServesMuninAndNagiosToTheOperatorsOnlyWithThePassword() throws Exception {
        String site = WebInterface.of(inventory(FLEET)).site();

        assertThat(site).startsWith("# Written by push monitoring config --install")
                .contains("    listen 80 default_server;\n    listen [::]:80 default_server;\n")
                .contains("    allow 192.0.2.10;\n    allow 2001:db8::/48;\n    deny all;\n")
                .contains("auth_basic_user_file /etc/nginx/speedy-monitoring.htpasswd;")
                .contains("location /munin/ {\n        alias /var/cache/munin/www/;")
                .contains("location ~ ^/nagios4/cgi-bin/([a-z]+\\.cgi)$ {",
                        "fastcgi_param SCRIPT_FILENAME /usr/lib/cgi-bin/nagios4/$1;",
                        "fastcgi_pass unix:/run/fcgiwrap.socket;", "include fastcgi_params;")
                .contains("location /nagios4/stylesheets/ {\n        alias /etc/nagios4/stylesheets/;")
                .contains("location /nagios4/ {\n        alias /usr/share/nagios4/htdocs/;");
        assertThat(WebInterface.index()).as("inside nginx's single-quoted string, with no variable")
                .doesNotContain("'", "$").contains("href=\"/munin/\"", "href=\"/nagios4/cgi-bin/tac.cgi\"");
    }

    @Test
    void withoutOperatorsOrOnABalancerThereIsNoWebInterface() throws Exception {
        assertThatThrownBy(() -> WebInterface.of(inventory(FLEET.replace(
                "firewall: {operators: [192.0.2.10, '2001:db8::/48']}\n", ""))))
                .isInstanceOf(InvalidMonitoringException.class).hasMessageContaining("has no firewall.operators");
        assertThatThrownBy(() -> WebInterface.of(inventory(FLEET.replace("monitoring: {server: mon1}",
                "monitoring: {server: lb1}")))).isInstanceOf(InvalidMonitoringException.class)
                .hasMessageContaining("the monitoring server lb1 is also a balancer");
    }

    @Test
    void cgiCfgTurnsAuthenticationOnAndAuthorizesTheOperatorOnlyKeepingEveryOtherLine() {
        String once = WebInterface.cgiCfg(DEBIAN_CGI_CFG);

        assertThat(once).isEqualTo(DEBIAN_CGI_CFG.replace("use_authentication=0", "use_authentication=1")
                .replace("=nagiosadmin", "=operator"));
        assertThat(WebInterface.cgiCfg(once)).as("idempotent").isEqualTo(once);
        assertThat(WebInterface.cgiCfg("main_config_file=/etc/nagios4/nagios.cfg")).as("keys added where missing")
                .startsWith("main_config_file=/etc/nagios4/nagios.cfg\nuse_authentication=1\n")
                .contains("\nauthorized_for_all_host_commands=operator\n");
    }

    @Test
    void thePasswordFileKeepsAHashOfThePasswordAndIsRewrittenOnlyWhenThePasswordChanges() {
        SecureRandom random = new SecureRandom();
        String first = WebInterface.htpasswd(Optional.empty(), bytes("s3cret pass"), random);

        assertThat(first).matches("operator:\\$6\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}\n").doesNotContain("s3cret");
        assertThat(WebInterface.htpasswd(Optional.of(first), bytes("s3cret pass"), random)).as("the same password")
                .isEqualTo(first);
        String changed = WebInterface.htpasswd(Optional.of(first), bytes("another"), random);
        assertThat(changed).isNotEqualTo(first);
        assertThat(WebInterface.matches(bytes("another"), changed.strip().substring("operator:".length()))).isTrue();
        assertThat(WebInterface.htpasswd(Optional.of(first + "intruder:" + first.substring(9)), bytes("s3cret pass"),
                random)).as("a second user is dropped").startsWith("operator:").hasLineCount(1);
    }

    @Test
    void theOperatorsMustBeAddresses() {
        assertThatThrownBy(() -> new WebInterface(List.of("10.0.0.1; include /etc/shadow")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebInterface(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Inventory inventory(String text) throws Exception {
        return Inventory.parse(Path.of("inventory.yaml"), text, Path.of("/root"));
    }
}

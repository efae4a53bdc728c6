package com.speedy.push.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.Inventory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What push writes for the agents and for the monitoring server, from an inventory. */
class MonitoringConfigTest {
    private static final String DEBIAN_MUNIN_NODE = "log_level 4\nhost_name localhost.localdomain\n"
            + "allow ^127\\.0\\.0\\.1$\nallow ^::1$\nhost *\nport 4949\n";

    @Test
    void muninNodeGetsOneBlockForTheServerAndEveryOtherLineStays() {
        String once = AgentConfig.muninNodeConf(DEBIAN_MUNIN_NODE, List.of("10.213.7.20"));

        assertThat(once).startsWith(DEBIAN_MUNIN_NODE)
                .endsWith(AgentConfig.BEGIN + "\ncidr_allow 10.213.7.20/32\n" + AgentConfig.END + "\n");
        assertThat(AgentConfig.muninNodeConf(once, List.of("10.213.7.20"))).as("idempotent").isEqualTo(once);
        assertThat(AgentConfig.muninNodeConf(once, List.of("10.213.7.21"))).as("a new server replaces the old one")
                .isEqualTo(DEBIAN_MUNIN_NODE + AgentConfig.BEGIN + "\ncidr_allow 10.213.7.21/32\n" + AgentConfig.END
                        + "\n");
        assertThat(AgentConfig.nrpeDropIn(List.of("10.213.7.20"))).endsWith("\nallowed_hosts=10.213.7.20\n");
    }

    private static final String FLEET = """
            ssh:
              user: root
              agent: true
            groups:
              app:
                packages: [speedy-app, speedy-notifier, speedy-jobs]
              db:
              monitoring:
              backup:
                packages: [speedy-backup]
              lb:
                packages: [speedy-lb]
            hosts:
              backup1: {address: 10.0.0.41, groups: [backup]}
              db1: {address: 10.0.0.11, groups: [db]}
              db2: {address: 10.0.0.12, groups: [db]}
              app1: {address: 10.0.0.21, groups: [app]}
              lb1: {address: 10.0.0.51, groups: [lb]}
              mon1: {address: 10.0.0.31, groups: [monitoring]}
            monitoring:
              server: mon1
            """;
    private static final List<String> EVERY_HOST = List.of("check_nrpe!check_disk", "check_nrpe!check_load",
            "check_nrpe!check_speedy_db_alias", "speedy-munin-node", "speedy-nrpe");

    @Test
    void everyHostIsInMuninAndNagiosWithTheChecksOfWhatItRuns() throws Exception {
        Inventory inv = inventory(FLEET);

        String munin = MonitoringConfig.munin(inv);
        String nagios = MonitoringConfig.nagios(inv);

        assertThat(munin).startsWith("# Written by push monitoring config from inventory.yaml;")
                .contains("[speedy;db1]\n    address 10.0.0.11\n", "[speedy;app1]\n    address 10.0.0.21\n",
                        "[speedy;mon1]\n");
        assertThat(nagios).contains("host_name             db1\n    address               10.0.0.11\n"
                + "    hostgroups            speedy-db\n", "hostgroup_name        speedy-app");
        assertThat(commands(inv, "app1")).as("behind a balancer").containsExactlyElementsOf(with(EVERY_HOST,
                "check_nrpe!check_speedy_healthz", "check_nrpe!check_speedy_notifier",
                "check_nrpe!check_speedy_notification_age", "check_nrpe!check_speedy_jobs_timers",
                "check_nrpe!check_speedy_job_purge", "check_nrpe!check_speedy_job_trending"));
        assertThat(commands(inv, "db1")).containsExactlyElementsOf(with(EVERY_HOST, "check_nrpe!check_speedy_postgres",
                "check_nrpe!check_speedy_replication_lag"));
        assertThat(commands(inv, "lb1")).containsExactlyElementsOf(with(EVERY_HOST, "speedy-healthz-from-here!80",
                "check_nrpe!check_speedy_lb_pool"));
        assertThat(commands(inv, "backup1")).containsExactlyElementsOf(with(EVERY_HOST,
                "check_nrpe!check_speedy_backup_wal_lag", "check_nrpe!check_speedy_backup_age",
                "check_nrpe!check_speedy_dump_age", "check_nrpe!check_speedy_drill_age",
                "check_nrpe!check_speedy_backup_offsite"));
        assertThat(nagios).contains("check_command         check_nrpe!check_speedy_replication_lag",
                "command_name          speedy-healthz-from-here\n    command_line          "
                        + "/usr/lib/nagios/plugins/check_http -I $HOSTADDRESS$ -p $ARG1$ -u /healthz -e 200");
    }

    @Test
    void withoutABalancerHealthzIsAskedFromTheMonitoringHostAtTheAppHostsOwnPort() throws Exception {
        Inventory inv = inventory(FLEET.replace("  lb1: {address: 10.0.0.51, groups: [lb]}\n", ""));

        assertThat(commands(inv, "app1")).contains("speedy-healthz-from-here!8080");
    }

    @Test
    void aSingleDatabaseHostHasNoStandbyToLagAndIsNotCheckedForOne() throws Exception {
        Inventory inv = inventory(FLEET.replace("  db2: {address: 10.0.0.12, groups: [db]}\n", ""));

        assertThat(commands(inv, "db1")).containsExactlyElementsOf(with(EVERY_HOST,
                "check_nrpe!check_speedy_postgres"));
        assertThat(MonitoringConfig.nagios(inv)).doesNotContain("replication");
    }

    @Test
    void alertsGoToTheInventorysContactsOnceAtTheSecondFailedCheckOfAMinute() throws Exception {
        Inventory inv = inventory(FLEET + """
                  contacts:
                    email: [ops@example.com, oncall@example.com]
                    command: /usr/local/bin/chat-alert ops
                """);

        String nagios = MonitoringConfig.nagios(inv);

        assertThat(MonitoringConfig.warning(inv)).isEmpty();
        assertThat(nagios).contains("contact_name                  speedy-email-1\n    use                           "
                + "generic-contact\n    email                         ops@example.com\n",
                "email                         oncall@example.com",
                "contact_name                  speedy-command\n",
                "\" | /usr/local/bin/chat-alert ops\n",
                "contactgroup_name     speedy-operators\n    alias                 speedy operators\n"
                        + "    members               speedy-email-1,speedy-email-2,speedy-command\n",
                "| /usr/sbin/sendmail -oi -t\n");
        for (String template : List.of("name                  speedy-host", "name                  speedy-service")) {
            int at = nagios.indexOf(template);
            String definition = nagios.substring(at, nagios.indexOf("}", at));
            assertThat(definition).as(template).contains("check_interval        1\n", "retry_interval        0.5\n",
                    "max_check_attempts    2\n", "notification_interval 0\n",
                    "contact_groups        speedy-operators\n");
        }
        assertThat(nagios).contains("notification_options  d,u,r\n", "notification_options  w,u,c,r\n");
    }

    @Test
    void withoutContactsTheConfigAndTheOperatorAreToldThatAlertsReachNobody() throws Exception {
        Inventory inv = inventory(FLEET);

        assertThat(MonitoringConfig.warning(inv)).hasValueSatisfying(note -> assertThat(note)
                .contains("No monitoring.contacts", "root@localhost"));
        assertThat(MonitoringConfig.nagios(inv)).contains("# No monitoring.contacts in the inventory")
                .doesNotContain("contact_groups", "define contact");
    }

    @Test
    void debiansSampleLocalhostIsCommentedOutOnceAndOtherTextStays() {
        String nagiosCfg = "log_file=/var/log/nagios4/nagios.log\ncfg_file=/etc/nagios4/objects/templates.cfg\n"
                + "cfg_file=/etc/nagios4/objects/localhost.cfg\ncfg_dir=/etc/nagios4/conf.d\n";
        String muninConf = "htmldir /var/cache/munin/www\n\n# a simple host tree\n[localhost.localdomain]\n"
                + "    address 127.0.0.1\n    use_node_name yes\n\n#\n# [other.example]\n";

        String nagios = SampleConfig.nagiosCfg(nagiosCfg);
        String munin = SampleConfig.muninConf(muninConf);

        assertThat(nagios).isEqualTo(nagiosCfg.replace("cfg_file=/etc/nagios4/objects/localhost.cfg",
                SampleConfig.MARK + "cfg_file=/etc/nagios4/objects/localhost.cfg"));
        assertThat(munin).isEqualTo("htmldir /var/cache/munin/www\n\n# a simple host tree\n"
                + SampleConfig.MARK + "[localhost.localdomain]\n" + SampleConfig.MARK + "    address 127.0.0.1\n"
                + SampleConfig.MARK + "    use_node_name yes\n\n#\n# [other.example]\n");
        assertThat(SampleConfig.nagiosCfg(nagios)).as("a second run").isEqualTo(nagios);
        assertThat(SampleConfig.muninConf(munin)).as("a second run").isEqualTo(munin);
    }

    private static Inventory inventory(String text) throws Exception {
        return Inventory.parse(Path.of("inventory.yaml"), text, Path.of("/root"));
    }

    private static List<String> commands(Inventory inv, String host) throws Exception {
        return MonitoringConfig.services(inv.host(HostName.parse(host)).orElseThrow(), inv).stream()
                .map(MonitoringConfig.Service::command).toList();
    }

    private static List<String> with(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}

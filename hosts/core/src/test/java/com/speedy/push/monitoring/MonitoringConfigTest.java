package com.speedy.push.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void everyHostIsInMuninAndNagiosWithTheChecksOfWhatItRuns() throws Exception {
        Inventory inv = Inventory.parse(Path.of("inventory.yaml"), """
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
                hosts:
                  backup1: {address: 10.0.0.41, groups: [backup]}
                  db1: {address: 10.0.0.11, groups: [db]}
                  app1: {address: 10.0.0.21, groups: [app]}
                  mon1: {address: 10.0.0.31, groups: [monitoring]}
                monitoring:
                  server: mon1
                """, Path.of("/root"));

        String munin = MonitoringConfig.munin(inv.hosts(), "inventory.yaml");
        String nagios = MonitoringConfig.nagios(inv.hosts(), "inventory.yaml");

        assertThat(munin).contains("[speedy;db1]\n    address 10.0.0.11\n", "[speedy;app1]\n    address 10.0.0.21\n",
                "[speedy;mon1]\n");
        assertThat(nagios).contains("host_name             db1\n    address               10.0.0.11\n"
                + "    hostgroups            speedy-db\n", "hostgroup_name        speedy-app");
        assertThat(MonitoringConfig.services(inv.host(com.speedy.push.inventory.HostName.parse("app1")).orElseThrow()))
                .extracting(MonitoringConfig.Service::command).containsExactly("check_disk", "check_load",
                        "check_speedy_db_alias", "check_speedy_healthz", "check_speedy_notifier",
                        "check_speedy_notification_age", "check_speedy_jobs_timers", "check_speedy_job_purge", "check_speedy_job_trending");
        assertThat(MonitoringConfig.services(inv.host(com.speedy.push.inventory.HostName.parse("db1")).orElseThrow()))
                .extracting(MonitoringConfig.Service::command).containsExactly("check_disk", "check_load",
                        "check_speedy_db_alias", "check_speedy_replication_lag");
        assertThat(nagios).contains("check_command         check_nrpe!check_speedy_replication_lag");
        assertThat(MonitoringConfig.services(inv.host(com.speedy.push.inventory.HostName.parse("backup1"))
                .orElseThrow())).extracting(MonitoringConfig.Service::command).containsExactly("check_disk",
                        "check_load", "check_speedy_db_alias", "check_speedy_backup_wal_lag", "check_speedy_backup_age",
                        "check_speedy_dump_age", "check_speedy_drill_age", "check_speedy_backup_offsite");
    }
}

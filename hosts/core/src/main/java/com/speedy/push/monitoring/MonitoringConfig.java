package com.speedy.push.monitoring;

import com.speedy.push.db.DbGroup;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.PackageSpec;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The monitoring server's view of the inventory: Munin's node list and Nagios's hosts and services, made from the
 * inventory alone, so that adding a host there adds it to monitoring. Each service is an NRPE command of the
 * speedy-monitoring package, chosen by what the host runs.
 */
public final class MonitoringConfig {
    public static final String MUNIN_FILE = "/etc/munin/munin-conf.d/speedy.conf";
    public static final String NAGIOS_FILE = "/etc/nagios4/conf.d/speedy.cfg";

    private MonitoringConfig() {}

    /** The services every host gets, and those that go with what it runs: NRPE command, then the service's name. */
    record Service(String command, String description) {}

    static List<Service> services(Host host) {
        Set<String> runs = host.packages().stream().map(PackageSpec::name).map(Object::toString)
                .collect(Collectors.toSet());
        List<Service> services = new java.util.ArrayList<>(List.of(new Service("check_disk", "disk"),
                new Service("check_load", "load"), new Service("check_speedy_db_alias", "db alias")));
        if (runs.contains("speedy-app")) {
            services.add(new Service("check_speedy_healthz", "speedy-app healthz"));
        }
        if (runs.contains("speedy-notifier")) {
            services.add(new Service("check_speedy_notifier", "speedy-notifier unit"));
            services.add(new Service("check_speedy_notification_age", "oldest undelivered notification"));
        }
        if (runs.contains("speedy-jobs")) {
            services.add(new Service("check_speedy_jobs_timers", "speedy-jobs timers"));
            services.add(new Service("check_speedy_job_purge", "job purge last success"));
            services.add(new Service("check_speedy_job_trending", "job trending last success"));
        }
        if (host.groups().contains(DbGroup.name())) {
            services.add(new Service("check_speedy_replication_lag", "replication lag"));
        }
        if (runs.contains("speedy-backup")) {
            services.add(new Service("check_speedy_backup_wal_lag", "backup WAL lag"));
            services.add(new Service("check_speedy_backup_age", "newest base backup"));
            services.add(new Service("check_speedy_dump_age", "newest dump"));
            services.add(new Service("check_speedy_drill_age", "last restore drill"));
            services.add(new Service("check_speedy_backup_offsite", "off-site copy"));
        }
        return services;
    }

    /** Munin master's node list: one {@code [speedy;HOST]} entry per host. */
    public static String munin(List<Host> hosts, String source) {
        StringBuilder out = new StringBuilder("# Written by push monitoring config from " + source
                + "; it rewrites this file: change the inventory instead.\n");
        for (Host host : hosts) {
            out.append('\n').append("[speedy;").append(host.name()).append("]\n")
                    .append("    address ").append(host.address()).append('\n')
                    .append("    use_node_name yes\n");
        }
        return out.toString();
    }

    /** Nagios: a host per inventory host, its groups as hostgroups, and its services checked through NRPE. */
    public static String nagios(List<Host> hosts, String source) {
        StringBuilder out = new StringBuilder("# Written by push monitoring config from " + source
                + "; it rewrites this file: change the inventory instead.\n");
        out.append("""

                define command {
                    command_name          speedy-host-alive
                    command_line          /usr/lib/nagios/plugins/check_ping -H $HOSTADDRESS$ -w 3000.0,80% -c 5000.0,100% -p 5
                }

                define host {
                    name                  speedy-host
                    use                   generic-host
                    check_command         speedy-host-alive
                    max_check_attempts    3
                    register              0
                }

                define service {
                    name                  speedy-service
                    use                   generic-service
                    register              0
                }
                """);
        Set<String> groups = hosts.stream().flatMap(h -> h.groups().stream()).map(Object::toString)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        for (String group : groups) {
            out.append("\ndefine hostgroup {\n    hostgroup_name        speedy-").append(group)
                    .append("\n    alias                 speedy ").append(group).append("\n}\n");
        }
        for (Host host : hosts) {
            out.append("\ndefine host {\n    use                   speedy-host\n    host_name             ")
                    .append(host.name()).append("\n    address               ").append(host.address()).append('\n');
            if (!host.groups().isEmpty()) {
                out.append("    hostgroups            ").append(host.groups().stream().map(g -> "speedy-" + g)
                        .collect(Collectors.joining(","))).append('\n');
            }
            out.append("}\n");
            for (Service service : services(host)) {
                out.append("\ndefine service {\n    use                   speedy-service\n    host_name             ")
                        .append(host.name()).append("\n    service_description   ").append(service.description())
                        .append("\n    check_command         check_nrpe!").append(service.command()).append("\n}\n");
            }
        }
        return out.toString();
    }

}

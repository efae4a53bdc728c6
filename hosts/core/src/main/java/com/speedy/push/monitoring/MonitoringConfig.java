package com.speedy.push.monitoring;

import com.speedy.push.app.AppHost;
import com.speedy.push.db.DbGroup;
import com.speedy.push.firewall.FirewallRules;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.Monitoring;
import com.speedy.push.inventory.PackageSpec;
import com.speedy.push.lb.LbPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The monitoring server's view of the inventory: Munin's node list and Nagios's hosts and services, made from the
 * inventory alone, so that adding a host there adds it to monitoring. Most services are NRPE commands of the
 * speedy-monitoring package, chosen by what the host runs; a few are asked from the monitoring server itself, as a user
 * or Munin reaches the host (healthz, munin-node, NRPE). Alerts go to the inventory's contacts, hosts' too, and come
 * fast: a check a minute, a retry after 30 s, a HARD state (and its one notification) at the second failure.
 */
public final class MonitoringConfig {
    public static final String MUNIN_FILE = "/etc/munin/munin-conf.d/speedy.conf";
    public static final String NAGIOS_FILE = "/etc/nagios4/conf.d/speedy.cfg";

    /** The contact group that gets every alert, when the inventory names contacts. */
    static final String OPERATORS = "speedy-operators";
    static final String NO_CONTACTS = "No monitoring.contacts in the inventory: Nagios's alerts go to Debian's default"
            + " contact group (admins: root@localhost on the monitoring server), which nobody reads";

    private MonitoringConfig() {}

    /**
     * A service: how the monitoring server checks it (an NRPE command, else a command of its own with arguments after
     * {@code !}), and the name Nagios shows.
     */
    record Service(String command, String description) {
        static Service nrpe(String command, String description) {
            return new Service("check_nrpe!" + command, description);
        }
    }

    /** The services every host gets, and those that go with what it runs and the groups it is in. */
    static List<Service> services(Host host, Inventory inventory) {
        Set<String> runs = host.packages().stream().map(PackageSpec::name).map(Object::toString)
                .collect(Collectors.toSet());
        List<Service> services = new ArrayList<>(List.of(Service.nrpe("check_disk", "disk"),
                Service.nrpe("check_load", "load"), Service.nrpe("check_speedy_db_alias", "db alias"),
                new Service("speedy-munin-node", "munin-node"), new Service("speedy-nrpe", "NRPE")));
        // healthz as users reach it: through the balancers where there are some (the firewall then opens the app's
        // port to them only), else on the app hosts themselves.
        boolean balanced = inventory.hosts().stream().anyMatch(h -> h.isIn(LbPool.group()));
        if (runs.contains("speedy-app")) {
            services.add(Service.nrpe("check_speedy_healthz", "speedy-app healthz"));
            if (!balanced) {
                services.add(new Service("speedy-healthz-from-here!" + AppHost.DEFAULT_PORT,
                        "speedy-app healthz from the monitoring host"));
            }
        }
        if (host.isIn(LbPool.group())) {
            services.add(new Service("speedy-healthz-from-here!" + FirewallRules.HTTP, "healthz through the balancer"));
            services.add(Service.nrpe("check_speedy_lb_pool", "balancer pool"));
        }
        if (runs.contains("speedy-notifier")) {
            services.add(Service.nrpe("check_speedy_notifier", "speedy-notifier unit"));
            services.add(Service.nrpe("check_speedy_notification_age", "oldest undelivered notification"));
        }
        if (runs.contains("speedy-jobs")) {
            services.add(Service.nrpe("check_speedy_jobs_timers", "speedy-jobs timers"));
            services.add(Service.nrpe("check_speedy_job_purge", "job purge last success"));
            services.add(Service.nrpe("check_speedy_job_trending", "job trending last success"));
        }
        if (host.groups().contains(DbGroup.name())) {
            services.add(Service.nrpe("check_speedy_postgres", "PostgreSQL"));
            // One database host has no standby to lag: the check would warn for ever.
            if (DbGroup.members(inventory).size() > 1) {
                services.add(Service.nrpe("check_speedy_replication_lag", "replication lag"));
            }
        }
        if (runs.contains("speedy-backup")) {
            services.add(Service.nrpe("check_speedy_backup_wal_lag", "backup WAL lag"));
            services.add(Service.nrpe("check_speedy_backup_age", "newest base backup"));
            services.add(Service.nrpe("check_speedy_dump_age", "newest dump"));
            services.add(Service.nrpe("check_speedy_drill_age", "last restore drill"));
            services.add(Service.nrpe("check_speedy_backup_offsite", "off-site copy"));
        }
        return services;
    }

    /** Munin master's node list: one {@code [speedy;HOST]} entry per host. */
    public static String munin(Inventory inventory) {
        StringBuilder out = new StringBuilder(header(inventory));
        for (Host host : inventory.hosts()) {
            out.append('\n').append("[speedy;").append(host.name()).append("]\n")
                    .append("    address ").append(host.address()).append('\n')
                    .append("    use_node_name yes\n");
        }
        return out.toString();
    }

    /** A note for the operator when the alerts would reach nobody, else empty. */
    public static java.util.Optional<String> warning(Inventory inventory) {
        return contacts(inventory).isEmpty() ? java.util.Optional.of(NO_CONTACTS) : java.util.Optional.empty();
    }

    /**
     * Nagios: the inventory's contacts, a host per inventory host (its groups as hostgroups) with its services, and
     * the commands the monitoring server runs itself.
     */
    public static String nagios(Inventory inventory) {
        Monitoring.Contacts contacts = contacts(inventory);
        StringBuilder out = new StringBuilder(header(inventory));
        out.append("""

                define command {
                    command_name          speedy-host-alive
                    command_line          /usr/lib/nagios/plugins/check_ping -H $HOSTADDRESS$ -w 3000.0,80% -c 5000.0,100% -p 5
                }

                define command {
                    command_name          speedy-munin-node
                    command_line          /usr/lib/nagios/plugins/check_tcp -H $HOSTADDRESS$ -p 4949 -e "munin node at" -t 10
                }

                define command {
                    command_name          speedy-nrpe
                    command_line          /usr/lib/nagios/plugins/check_nrpe -H $HOSTADDRESS$ -t 10
                }

                define command {
                    command_name          speedy-healthz-from-here
                    command_line          /usr/lib/nagios/plugins/check_http -I $HOSTADDRESS$ -p $ARG1$ -u /healthz -e 200 -t 10
                }
                """);
        if (contacts.isEmpty()) {
            out.append("\n# ").append(NO_CONTACTS).append(".\n# Name them under monitoring.contacts.\n");
        } else {
            out.append(contactDefinitions(contacts));
        }
        String alertsTo = contacts.isEmpty() ? "" : "    contact_groups        " + OPERATORS + "\n";
        out.append("""

                define host {
                    name                  speedy-host
                    use                   generic-host
                    check_command         speedy-host-alive
                    check_interval        1
                    retry_interval        0.5
                    max_check_attempts    2
                    notification_options  d,u,r
                    notification_interval 0
                %s    register              0
                }

                define service {
                    name                  speedy-service
                    use                   generic-service
                    check_interval        1
                    retry_interval        0.5
                    max_check_attempts    2
                    notification_options  w,u,c,r
                    notification_interval 0
                %s    register              0
                }
                """.formatted(alertsTo, alertsTo));
        Set<String> groups = inventory.hosts().stream().flatMap(h -> h.groups().stream()).map(Object::toString)
                .collect(Collectors.toCollection(TreeSet::new));
        for (String group : groups) {
            out.append("\ndefine hostgroup {\n    hostgroup_name        speedy-").append(group)
                    .append("\n    alias                 speedy ").append(group).append("\n}\n");
        }
        for (Host host : inventory.hosts()) {
            out.append("\ndefine host {\n    use                   speedy-host\n    host_name             ")
                    .append(host.name()).append("\n    address               ").append(host.address()).append('\n');
            if (!host.groups().isEmpty()) {
                out.append("    hostgroups            ").append(host.groups().stream().map(g -> "speedy-" + g)
                        .collect(Collectors.joining(","))).append('\n');
            }
            out.append("}\n");
            for (Service service : services(host, inventory)) {
                out.append("\ndefine service {\n    use                   speedy-service\n    host_name             ")
                        .append(host.name()).append("\n    service_description   ").append(service.description())
                        .append("\n    check_command         ").append(service.command()).append("\n}\n");
            }
        }
        return out.toString();
    }

    /**
     * One contact per address and one for the command, all in {@link #OPERATORS}. Mail goes through sendmail, which
     * every MTA provides; the command gets the alert as one line on its standard input. A check's output reaches the
     * shell only inside double quotes, and Nagios strips from it the characters that could end them or expand there
     * (illegal_macro_output_chars: {@code `~$&|'"<>}, Debian's default).
     */
    private static String contactDefinitions(Monitoring.Contacts contacts) {
        StringBuilder out = new StringBuilder("""

                define command {
                    command_name          speedy-notify-host-by-email
                    command_line          /usr/bin/printf "%b" "To: $CONTACTEMAIL$\\nSubject: $NOTIFICATIONTYPE$: host $HOSTNAME$ is $HOSTSTATE$\\n\\nHost: $HOSTNAME$ ($HOSTADDRESS$)\\nState: $HOSTSTATE$\\nInfo: $HOSTOUTPUT$\\nWhen: $LONGDATETIME$\\n" | /usr/sbin/sendmail -oi -t
                }

                define command {
                    command_name          speedy-notify-service-by-email
                    command_line          /usr/bin/printf "%b" "To: $CONTACTEMAIL$\\nSubject: $NOTIFICATIONTYPE$: $HOSTNAME$/$SERVICEDESC$ is $SERVICESTATE$\\n\\nHost: $HOSTNAME$ ($HOSTADDRESS$)\\nService: $SERVICEDESC$\\nState: $SERVICESTATE$\\nInfo: $SERVICEOUTPUT$\\nWhen: $LONGDATETIME$\\n" | /usr/sbin/sendmail -oi -t
                }
                """);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < contacts.emails().size(); i++) {
            String name = "speedy-email-" + (i + 1);
            members.add(name);
            out.append("""

                    define contact {
                        contact_name                  %s
                        use                           generic-contact
                        email                         %s
                        host_notification_commands    speedy-notify-host-by-email
                        service_notification_commands speedy-notify-service-by-email
                        host_notification_options     d,u,r
                        service_notification_options  w,u,c,r
                    }
                    """.formatted(name, contacts.emails().get(i)));
        }
        contacts.command().ifPresent(command -> {
            members.add("speedy-command");
            out.append("""

                    define command {
                        command_name          speedy-notify-host-by-command
                        command_line          /usr/bin/printf "%%s\\n" "$NOTIFICATIONTYPE$: host $HOSTNAME$ is $HOSTSTATE$: $HOSTOUTPUT$" | %s
                    }

                    define command {
                        command_name          speedy-notify-service-by-command
                        command_line          /usr/bin/printf "%%s\\n" "$NOTIFICATIONTYPE$: $HOSTNAME$/$SERVICEDESC$ is $SERVICESTATE$: $SERVICEOUTPUT$" | %s
                    }

                    define contact {
                        contact_name                  speedy-command
                        use                           generic-contact
                        host_notification_commands    speedy-notify-host-by-command
                        service_notification_commands speedy-notify-service-by-command
                        host_notification_options     d,u,r
                        service_notification_options  w,u,c,r
                    }
                    """.formatted(command, command));
        });
        out.append("\ndefine contactgroup {\n    contactgroup_name     ").append(OPERATORS)
                .append("\n    alias                 speedy operators\n    members               ")
                .append(String.join(",", members)).append("\n}\n");
        return out.toString();
    }

    private static Monitoring.Contacts contacts(Inventory inventory) {
        return inventory.monitoring().map(Monitoring::contacts).orElse(Monitoring.Contacts.NONE);
    }

    private static String header(Inventory inventory) {
        return "# Written by push monitoring config from " + inventory.file()
                + "; it rewrites this file: change the inventory instead.\n";
    }
}

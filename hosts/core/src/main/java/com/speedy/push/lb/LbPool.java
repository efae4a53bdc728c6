package com.speedy.push.lb;

import com.speedy.push.app.AppHost;
import com.speedy.push.inventory.GroupName;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.InvalidNameException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The load balancers and the pool behind them, as the inventory names them: the hosts of the group {@code lb}, and
 * every host that runs speedy-app, in the inventory's order. The pool reaches each at speedy-app's default port.
 */
public record LbPool(List<Host> balancers, List<Host> members) {
    /** The group's name in every inventory. */
    public static final String GROUP = "lb";
    /** Where speedy-lb's nginx configuration includes the pool from (written here, never by the package). */
    public static final String FILE = "/etc/speedy-lb/pool.conf";
    /**
     * nginx has no active health checks (only NGINX Plus has): a host that fails a request, or does not answer within
     * the proxy's timeouts, gets no request for this long, then one to try it again.
     */
    static final String PASSIVE_CHECK = "max_fails=1 fail_timeout=5s";
    /** What nginx may read as a host (a name or an address, IPv6 too): nothing that could end the line early. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:-]+");

    public LbPool {
        balancers = List.copyOf(balancers);
        members = List.copyOf(members);
    }

    /** The pool of {@code inventory}, or an exception saying what to change in which file. */
    public static LbPool of(Inventory inventory) throws InvalidLbSetupException {
        List<Host> balancers = inventory.members(group());
        if (balancers.isEmpty()) {
            throw new InvalidLbSetupException("no host of " + inventory.file() + " is in the group " + GROUP + "; add"
                    + " the balancer to it, e.g. groups: {" + GROUP + ": {packages: [speedy-lb]}} and groups: ["
                    + GROUP + "] on its host");
        }
        List<Host> members = inventory.hosts().stream().filter(LbPool::runsTheApp).toList();
        if (members.isEmpty()) {
            throw new InvalidLbSetupException("no host of " + inventory.file() + " runs " + AppHost.PACKAGE
                    + ": the balancers' pool would be empty; give the app hosts' group the package " + AppHost.PACKAGE);
        }
        for (Host member : members) {
            if (!ADDRESS.matcher(member.address()).matches()) {
                throw new InvalidLbSetupException("the address of " + member.name() + " in " + inventory.file()
                        + " is not a host name or an IP address nginx can take: '" + member.address() + "'");
            }
        }
        return new LbPool(balancers, members);
    }

    public static boolean runsTheApp(Host host) {
        return host.packages().stream().anyMatch(p -> p.name().toString().equals(AppHost.PACKAGE));
    }

    public boolean isMember(Host host) {
        return members.stream().anyMatch(m -> m.name().equals(host.name()));
    }

    /** The pool file with every member in it but those in {@code out}, which nginx is told are down. */
    public String file(Set<HostName> out) {
        StringBuilder file = new StringBuilder("# Written by push (push lb sync, push upgrade --rolling) from the"
                + " inventory; the next sync overwrites it.\n");
        for (Host member : members) {
            String address = member.address().contains(":") ? "[" + member.address() + "]" : member.address();
            boolean isOut = out.contains(member.name());
            file.append("server ").append(address).append(':').append(AppHost.DEFAULT_PORT).append(' ')
                    .append(isOut ? "down" : PASSIVE_CHECK).append(";  # ").append(member.name())
                    .append(isOut ? ": out of the pool" : "").append('\n');
        }
        return file.toString();
    }

    /** The balancers' group, {@value #GROUP}. */
    public static GroupName group() {
        try {
            return GroupName.parse(GROUP);
        } catch (InvalidNameException e) {
            throw new IllegalStateException(e);
        }
    }
}

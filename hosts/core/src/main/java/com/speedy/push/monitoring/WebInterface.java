package com.speedy.push.monitoring;

import com.speedy.push.inventory.Firewall;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.lb.LbPool;
import org.apache.commons.codec.digest.Sha2Crypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Munin's pages and Nagios's web interface on the monitoring server, as Debian packages them, behind Debian's nginx:
 * Munin's static pages and graphs (munin-cron writes them to {@code /var/cache/munin/www}) at {@code /munin/}, Nagios's
 * CGIs through fcgiwrap at {@code /nagios4/cgi-bin/}, and a page at {@code /} that leads to both. One operator user
 * with the password of the secret store, and only from {@code firewall.operators}: nginx's allow list is a second fence
 * besides the firewall, which opens port 80 of the monitoring server to the same addresses.
 *
 * @param operators the addresses or networks that may ask, from {@code firewall.operators}
 */
public record WebInterface(List<String> operators) {
    /** The secret store's key (of this package) that holds the operator's password. */
    public static final String PACKAGE = "speedy-monitoring";
    public static final String PASSWORD_KEY = "web.password";
    private static final String CRYPT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** The one user nginx lets in and Nagios's CGIs authorize. */
    public static final String USER = "operator";
    public static final String SITE = "/etc/nginx/conf.d/speedy-monitoring.conf";
    public static final String HTPASSWD = "/etc/nginx/speedy-monitoring.htpasswd";
    static final String HTPASSWD_MODE = "0640";
    /** nginx's workers (www-data) read it; nobody else but root. */
    static final String HTPASSWD_OWNER = "root:www-data";
    static final String CGI_CFG = "/etc/nagios4/cgi.cfg";
    /** Debian's default site claims port 80 as the default server too, and nginx refuses two. */
    static final String DEBIAN_SITE = "/etc/nginx/sites-enabled/default";
    static final List<String> DEBIAN_SITE_TARGETS = List.of("../sites-available/default",
            "/etc/nginx/sites-available/default");
    /** What the CGIs let the user do: see everything and send commands (acknowledge, schedule downtime, recheck). */
    static final List<String> CGI_AUTHORIZATIONS = List.of("authorized_for_system_information",
            "authorized_for_configuration_information", "authorized_for_system_commands",
            "authorized_for_all_services", "authorized_for_all_hosts", "authorized_for_all_service_commands",
            "authorized_for_all_host_commands");

    public WebInterface {
        operators = List.copyOf(operators);
        if (operators.isEmpty() || !operators.stream().allMatch(Firewall::isNetwork)) {
            throw new IllegalArgumentException("operators must be addresses or networks: " + operators);
        }
    }

    /**
     * The web interface the inventory asks for.
     *
     * @throws InvalidMonitoringException if the inventory names no operators, or the monitoring server is a
     *     balancer, whose nginx already serves port 80 to everyone
     */
    public static WebInterface of(Inventory inventory) throws InvalidMonitoringException {
        List<String> operators = inventory.firewall().map(Firewall::operators).orElse(List.of());
        if (operators.isEmpty()) {
            throw new InvalidMonitoringException(inventory.file() + " has no firewall.operators: the monitoring pages"
                    + " are served to those addresses only");
        }
        Optional<Host> server = inventory.monitoring().flatMap(m -> inventory.host(m.server()));
        if (server.isPresent() && server.get().isIn(LbPool.group())) {
            throw new InvalidMonitoringException("the monitoring server " + server.get().name() + " is also a"
                    + " balancer (group " + LbPool.GROUP + "): its nginx serves port 80 to everyone");
        }
        return new WebInterface(operators);
    }

    /** nginx's site: the pages, the operators' addresses, the password; nothing else on port 80. */
    public String site() {
        StringBuilder allow = new StringBuilder();
        operators.forEach(operator -> allow.append("    allow ").append(operator).append(";\n"));
        return """
                # Written by push monitoring config --install; it rewrites this file: change the inventory instead.
                # Munin's pages and Nagios's web interface, for firewall.operators only, as user %s with the password
                # of push config set %s %s.
                server {
                    listen 80 default_server;
                    listen [::]:80 default_server;
                    server_name _;

                    # A second fence besides the firewall: firewall.operators, and nobody else.
                %s    deny all;

                    auth_basic "Speedy monitoring";
                    auth_basic_user_file %s;

                    # nginx's return answers in its rewrite phase, before allow, deny and the password are asked: the
                    # page at / and the way into Nagios are returned from named locations that try_files reaches after.
                    location = / {
                        try_files /speedy-monitoring-no-such-file @index;
                    }
                    location @index {
                        default_type text/html;
                        return 200 '%s';
                    }

                    # Munin's pages and graphs, as munin-cron writes them every 5 minutes.
                    location /munin/ {
                        alias /var/cache/munin/www/;
                    }

                    # Nagios's CGIs, run by fcgiwrap as www-data; fastcgi_params passes the user as REMOTE_USER,
                    # whom cgi.cfg authorizes.
                    location ~ ^/nagios4/cgi-bin/([a-z]+\\.cgi)$ {
                        gzip off;
                        include fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME /usr/lib/cgi-bin/nagios4/$1;
                        fastcgi_pass unix:/run/fcgiwrap.socket;
                    }
                    location /nagios4/stylesheets/ {
                        alias /etc/nagios4/stylesheets/;
                    }
                    # /nagios4/ leads to the overview: Debian's frame around the CGIs is PHP, which nothing here runs,
                    # and its pages are refused.
                    location = /nagios4/ {
                        try_files /speedy-monitoring-no-such-file @nagios4;
                    }
                    location @nagios4 {
                        return 302 /nagios4/cgi-bin/tac.cgi;
                    }
                    location ~ \\.php$ {
                        deny all;
                    }
                    location /nagios4/ {
                        alias /usr/share/nagios4/htdocs/;
                    }
                }
                """.formatted(USER, PACKAGE, PASSWORD_KEY, allow, HTPASSWD, index());
    }

    /** The page at {@code /}: links to what is served. No single quote (it ends nginx's string) and no {@code $}. */
    static String index() {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Speedy monitoring</title></head><body>"
                + "<h1>Speedy monitoring</h1><ul>"
                + "<li><a href=\"/munin/\">Munin: the graphs of every host</a></li>"
                + "<li><a href=\"/nagios4/cgi-bin/tac.cgi\">Nagios: overview</a></li>"
                + "<li><a href=\"/nagios4/cgi-bin/status.cgi?host=all&amp;limit=0\">Nagios: every service</a></li>"
                + "<li><a href=\"/nagios4/cgi-bin/status.cgi?host=all&amp;servicestatustypes=28&amp;limit=0\">"
                + "Nagios: problems</a></li></ul></body></html>";
    }

    /**
     * Debian's cgi.cfg with authentication on and every authorization given to {@link #USER}: each key's line
     * replaced where it stands (else added at the end); every other line kept.
     */
    static String cgiCfg(String text) {
        String out = set(text, "use_authentication", "1");
        for (String key : CGI_AUTHORIZATIONS) {
            out = set(out, key, USER);
        }
        return out;
    }

    private static String set(String text, String key, String value) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(key) + "=.*$").matcher(text);
        if (line.find()) {
            return text.substring(0, line.start()) + key + "=" + value + text.substring(line.end());
        }
        return text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + key + "=" + value + "\n";
    }

    /**
     * The password file: {@code current} as it is when its user's hash is already {@code password}'s (a second run
     * changes nothing), else a new hash with a new salt.
     */
    static String htpasswd(Optional<String> current, byte[] password, SecureRandom random) {
        String prefix = USER + ":";
        if (current.isPresent() && current.get().lines().count() == 1 && current.get().endsWith("\n")
                && current.get().startsWith(prefix)
                && matches(password, current.get().strip().substring(prefix.length()))) {
            return current.get();
        }
        return prefix + hash(password, random) + "\n";
    }

    /** A SHA-512 crypt hash of {@code password} with a new salt of the most characters crypt takes (16). */
    static String hash(byte[] password, SecureRandom random) {
        StringBuilder salt = new StringBuilder("$6$");
        random.ints(16, 0, CRYPT_ALPHABET.length()).forEach(i -> salt.append(CRYPT_ALPHABET.charAt(i)));
        // A copy: commons-codec zeroes the bytes it is given once it has hashed them.
        return Sha2Crypt.sha512Crypt(password.clone(), salt.toString());
    }

    /** Whether a SHA-512 crypt hash ({@code $6$SALT$HASH}, the default rounds) is {@code password}'s. */
    static boolean matches(byte[] password, String hash) {
        if (!hash.matches("\\$6\\$[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{86}")) {
            return false;
        }
        return MessageDigest.isEqual(Sha2Crypt.sha512Crypt(password.clone(), hash).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }
}

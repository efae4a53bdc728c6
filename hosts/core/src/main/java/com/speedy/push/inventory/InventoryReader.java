package com.speedy.push.inventory;

import com.speedy.debian.PackageName;
import com.speedy.debian.Suite;
import com.speedy.settings.DurationText;
import com.speedy.settings.Suggestions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one inventory file into an {@link Inventory}, or an {@link InventoryException} with every problem in it. Each
 * part is read to the end whatever went wrong before it, so that one run reports everything; a part is built only if
 * reading it added no problem. The names of groups, environments and hosts are taken first, so that a reference to
 * one is checked where it is written, and a group with a bad entry still counts as defined.
 */
final class InventoryReader {
    private static final List<String> TOP =
            List.of("repository", "ssh", "environments", "groups", "hosts", "monitoring", "backup", "bootstrap",
                    "firewall", "secrets");
    private static final List<String> REPOSITORY = List.of("url", "suite", "keyring");
    private static final List<String> SSH =
            List.of("user", "known_hosts", "keys", "agent", "connect_timeout", "command_timeout", "jump");
    private static final List<String> ENVIRONMENT = List.of("suite");
    private static final List<String> GROUP = List.of("packages");
    private static final List<String> HOST = List.of("address", "port", "user", "jump", "groups", "environment",
            "packages");
    private static final List<String> MONITORING = List.of("server", "contacts");
    private static final List<String> CONTACTS = List.of("email", "command");
    private static final List<String> BOOTSTRAP = List.of("timezone", "locale");
    private static final List<String> FIREWALL = List.of("operators");
    private static final List<String> SECRETS = List.of("recipients", "identity");
    private static final List<String> BACKUP = List.of("server", "database", "base_backups", "dumps", "s3");
    private static final List<String> BASE_BACKUPS = List.of("keep", "window");
    private static final List<String> DUMPS = List.of("daily", "weekly", "monthly");
    private static final List<String> S3 = List.of("endpoint", "bucket", "credentials", "recipients");
    private static final int MOST_KEPT = 10_000;
    private static final int DEFAULT_PORT = 22;

    private final Path file;
    private final Path home;
    private final Problems problems;
    private final Conversions conversions;
    private final FileAccess files;

    InventoryReader(Path file, Path home, FileAccess files) {
        this.file = file;
        this.home = home;
        this.files = files;
        this.problems = new Problems(file);
        this.conversions = new Conversions(problems, home);
    }

    /** What the hosts' entries refer to: every name defined, and what was built of them. */
    private record Context(Set<GroupName> groupNames, Map<GroupName, Group> groups,
            Set<EnvironmentName> environmentNames, Map<EnvironmentName, Environment> environments,
            Optional<Repository> repository, Optional<String> defaultUser, boolean defaultUserWritten,
            Set<HostName> hostNames) {}

    /** A host's own {@code jump} (empty: it has none), and its settings, for problems found once all hosts are read. */
    private record OwnJump(Optional<Jump> jump, Fields fields) {}

    /** One entry of a name-to-settings section such as {@code hosts}; no name when it breaks the rule (reported). */
    private record Named<N extends InventoryName>(Optional<N> name, YamlNode.Mapping.Entry entry) {
        String path(String section) {
            return section + "." + entry.key().text();
        }
    }

    Inventory read(String text) throws InventoryException {
        Optional<YamlNode> root = YamlTree.read(text, problems);
        if (root.isEmpty() && problems.count() == 0) {
            problems.addWithoutPosition("", "the file is empty; an inventory needs at least hosts:");
        }
        Optional<Fields> top = root.flatMap(node -> Fields.of(node, Optional.empty(), "", TOP, problems));
        if (top.isEmpty()) {
            problems.throwIfAny();
        }
        Fields fields = top.orElseThrow();

        List<Named<GroupName>> groupEntries = named(fields, "groups", GroupName::parse, "group");
        List<Named<EnvironmentName>> environmentEntries =
                named(fields, "environments", EnvironmentName::parse, "environment");
        List<Named<HostName>> hostEntries = named(fields, "hosts", HostName::parse, "host");
        Set<HostName> hostNames = names(hostEntries);
        Optional<YamlNode.Mapping.Entry> hostsEntry = fields.entry("hosts");
        if (hostsEntry.isEmpty()) {
            fields.problem("hosts", "missing; list the hosts, e.g. hosts: {db1: {address: 10.0.0.11}}");
        } else if (hostEntries.isEmpty() && (hostsEntry.get().value() instanceof YamlNode.Scalar s && s.isNull()
                || hostsEntry.get().value() instanceof YamlNode.Mapping m && m.entries().isEmpty())) {
            problems.add(hostsEntry.get().key().position(), "hosts", "no hosts listed");
        }
        for (Named<GroupName> group : groupEntries) {
            String name = group.entry().key().text();
            if (hostNames.stream().anyMatch(host -> host.toString().equals(name))) {
                problems.add(group.entry().key().position(), group.path("groups"), "'" + name + "' is also a host,"
                        + " and a command-line target must name one or the other; rename one");
            }
        }

        Map<GroupName, Group> groups = new LinkedHashMap<>();
        groupEntries.forEach(named -> group(named).ifPresent(g -> groups.put(g.name(), g)));
        Map<EnvironmentName, Environment> environments = new LinkedHashMap<>();
        environmentEntries.forEach(named -> environment(named).ifPresent(e -> environments.put(e.name(), e)));
        Optional<Repository> repository = section(fields, "repository", REPOSITORY).flatMap(this::repository);
        Optional<Fields> sshFields = fields.entry("ssh").isPresent() ? section(fields, "ssh", SSH)
                : Optional.of(Fields.absent("ssh", problems));
        Optional<String> defaultUser = sshFields.flatMap(f -> f.optional("user", conversions.user()));
        Optional<SshSettings> ssh = sshFields.flatMap(f -> ssh(f, defaultUser));
        // A bad ssh.user is reported once, not again as missing on every host that relies on it.
        boolean defaultUserWritten = sshFields.flatMap(f -> f.entry("user")).isPresent();
        Optional<Jump> defaultJump = sshFields.flatMap(f -> f.optional("jump", jump(hostNames)));
        Context context = new Context(names(groupEntries), groups, names(environmentEntries), environments,
                repository, defaultUser, defaultUserWritten, hostNames);
        List<Host> direct = new ArrayList<>();
        Map<HostName, OwnJump> ownJumps = new LinkedHashMap<>();
        hostEntries.forEach(named -> host(named, context, ownJumps).ifPresent(direct::add));
        List<Host> hosts = throughBastions(direct, ownJumps, defaultJump, sshFields);
        Optional<Monitoring> monitoring = section(fields, "monitoring", MONITORING)
                .flatMap(f -> monitoring(f, hostNames));
        Optional<Backup> backup = section(fields, "backup", BACKUP).flatMap(f -> backup(f, hostNames));
        Optional<HostSetup> hostSetup = fields.entry("bootstrap").isPresent()
                ? section(fields, "bootstrap", BOOTSTRAP).flatMap(this::hostSetup) : Optional.of(HostSetup.DEFAULT);

        Optional<Firewall> firewall = section(fields, "firewall", FIREWALL).flatMap(this::firewall);
        Optional<Secrets> secrets = section(fields, "secrets", SECRETS).flatMap(this::secrets);

        problems.throwIfAny();
        return new Inventory(file, hosts, List.copyOf(groups.values()), List.copyOf(environments.values()),
                repository, ssh.orElseThrow(), monitoring, backup, hostSetup.orElseThrow(), firewall,
                secrets);
    }

    private Optional<Group> group(Named<GroupName> named) {
        return fields(named.entry(), named.path("groups"), GROUP)
                .flatMap(f -> f.withDefault("packages", packageList(), List.of()))
                .flatMap(packages -> named.name().map(name -> new Group(name, packages)));
    }

    private Optional<Environment> environment(Named<EnvironmentName> named) {
        return fields(named.entry(), named.path("environments"), ENVIRONMENT)
                .flatMap(f -> f.required("suite", suite(), "the suite its hosts install from, e.g. stable"))
                .flatMap(suite -> named.name().map(name -> new Environment(name, suite)));
    }

    private Optional<Repository> repository(Fields f) {
        Optional<URI> url = f.required("url", conversions.httpUrl(), "the URL hosts fetch it from, e.g."
                + " http://apt.speedy.example/");
        boolean suiteWritten = f.entry("suite").isPresent();
        Optional<Suite> suite = f.optional("suite", suite());
        Optional<Path> keyring = f.required("keyring", conversions.file(), "the repository's public keyring,"
                + " conf/archive-keyring.gpg");
        if (url.isEmpty() || keyring.isEmpty() || suite.isEmpty() && suiteWritten) {
            return Optional.empty();
        }
        return Optional.of(new Repository(url.get(), suite, keyring.get()));
    }

    private Optional<SshSettings> ssh(Fields f, Optional<String> user) {
        Optional<Path> knownHosts = f.withDefault("known_hosts", conversions.file(), home.resolve(".ssh/known_hosts"));
        Optional<List<Path>> keys = f.withDefault("keys",
                conversions.listOf("a list of key files", conversions.file(), key -> key), List.of());
        Optional<Boolean> agent = f.withDefault("agent", conversions.bool(), false);
        Optional<Duration> connect =
                f.withDefault("connect_timeout", conversions.duration(), SshSettings.DEFAULT_CONNECT_TIMEOUT);
        Optional<Duration> command =
                f.withDefault("command_timeout", conversions.duration(), SshSettings.DEFAULT_COMMAND_TIMEOUT);
        if (keys.isPresent() && keys.get().isEmpty() && agent.isPresent() && !agent.get()) {
            f.problem("", "nothing to log in with: list private key files under keys, or set agent: true");
            return Optional.empty();
        }
        int before = problems.count();
        knownHosts.ifPresent(path -> files.problem(path).ifPresent(why -> unreadable(f, "known_hosts",
                why + "; every host would fail as having an unknown key. Name the right file, or, for new hosts,"
                        + " create it (touch " + path + ") and check and record each host's key with push trust"
                        + " --record")));
        keys.ifPresent(list -> list.forEach(key -> files.problem(key).ifPresent(why ->
                unreadable(f, "keys", "key file " + why))));
        if (problems.count() != before) {
            return Optional.empty();
        }
        if (user.isEmpty() && f.entry("user").isPresent() || knownHosts.isEmpty() || keys.isEmpty() || agent.isEmpty()
                || connect.isEmpty() || command.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SshSettings(user, knownHosts.get(), keys.get(), agent.get(), connect.get(),
                command.get()));
    }

    /** A file named under {@code key} that cannot be read: reported at the key, or at ssh for a default path. */
    private void unreadable(Fields ssh, String key, String why) {
        ssh.entry(key).ifPresentOrElse(
                entry -> problems.add(entry.key().position(), "ssh." + key, why),
                () -> ssh.problem(key, why + " (the default; set ssh." + key + ")"));
    }

    /** Every entry of a host is checked, and what can be checked across entries too, whatever else went wrong. */
    private Optional<Host> host(Named<HostName> named, Context context, Map<HostName, OwnJump> ownJumps) {
        Optional<Fields> found = fields(named.entry(), named.path("hosts"), HOST);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Fields f = found.get();
        int before = problems.count();
        Optional<String> address = f.required("address", conversions.address(), "its IP address or DNS name,"
                + " e.g. address: 10.0.0.11");
        Optional<Integer> port = f.withDefault("port", conversions.port(), DEFAULT_PORT);
        Optional<String> user = f.optional("user", conversions.user());
        if (f.entry("user").isEmpty() && !context.defaultUserWritten()) {
            f.problem("user", "missing; set it here or as ssh.user");
        }
        Optional<Jump> jump = f.optional("jump", jump(context.hostNames()));
        Optional<List<GroupName>> groups = f.withDefault("groups", conversions.listOf("a list of groups",
                conversions.parsed("a group", text -> defined(GroupName.parse(text), context.groupNames(), "group")),
                group -> group), List.of());
        Optional<EnvironmentName> environment = f.optional("environment", conversions.parsed("an environment",
                text -> defined(EnvironmentName.parse(text), context.environmentNames(), "environment")));
        Optional<List<PackageSpec>> own = f.withDefault("packages", packageList(), List.of());
        boolean suiteFromRepository = f.entry("environment").isEmpty();
        if (suiteFromRepository && context.repository().isPresent()
                && context.repository().get().suite().isEmpty()) {
            f.problem("", "no suite to install from: give it an environment, or set repository.suite");
        }
        Optional<List<PackageSpec>> packages = groups.flatMap(g -> own.flatMap(o -> packages(f, o, g, context)));
        if (problems.count() != before || named.name().isEmpty()) {
            return Optional.empty();
        }
        Optional<Suite> suite = suiteFromRepository ? context.repository().flatMap(Repository::suite)
                : environment.map(context.environments()::get).map(Environment::suite);
        ownJumps.put(named.name().get(), new OwnJump(jump, f));
        return Optional.of(new Host(named.name().get(), address.orElseThrow(), port.orElseThrow(),
                user.or(context::defaultUser).orElseThrow(), groups.orElseThrow(), environment, suite,
                packages.orElseThrow()));
    }

    /**
     * Each host with the bastion it is reached through: its own {@code jump}, else {@code ssh.jump}; a host that
     * {@code ssh.jump} names is itself reached directly. A bastion is reached directly: push goes through one only.
     */
    private List<Host> throughBastions(List<Host> hosts, Map<HostName, OwnJump> ownJumps, Optional<Jump> defaultJump,
            Optional<Fields> ssh) {
        Map<HostName, Host> byName = new LinkedHashMap<>();
        hosts.forEach(host -> byName.put(host.name(), host));
        Set<String> reportedAtSsh = new LinkedHashSet<>();
        List<Host> through = new ArrayList<>();
        for (Host host : hosts) {
            OwnJump own = ownJumps.get(host.name());
            Jump jump = effectiveJump(host.name(), own.jump(), defaultJump);
            if (jump instanceof Jump.ToAddress to) {
                through.add(host.through(Optional.of(new Bastion(to.user().orElse(host.user()), to.address(),
                        to.port(), Optional.empty()))));
            } else if (jump instanceof Jump.ToHost to) {
                Optional<Host> bastion = Optional.ofNullable(byName.get(to.host()));
                String problem = to.host().equals(host.name()) ? "names the host itself; write none to reach it"
                        + " directly" : bastion.map(b -> effectiveJump(b.name(), ownJumps.get(b.name()).jump(),
                                defaultJump)).filter(j -> !(j instanceof Jump.Direct))
                        .map(j -> to.host() + ", the bastion, is itself reached through a bastion, and push goes"
                                + " through one only; give " + to.host() + " jump: none").orElse("");
                if (!problem.isEmpty()) {
                    if (own.jump().isPresent()) {
                        own.fields().problemAt("jump", problem);
                    } else if (reportedAtSsh.add(problem)) {
                        ssh.orElseThrow().problemAt("jump", problem);
                    }
                }
                // a bastion host that could not be read is reported already, and the inventory fails
                bastion.ifPresent(b -> through.add(host.through(Optional.of(new Bastion(b.user(), b.address(),
                        b.port(), Optional.of(b.name()))))));
            } else {
                through.add(host);
            }
        }
        return through;
    }

    private static Jump effectiveJump(HostName host, Optional<Jump> own, Optional<Jump> defaultJump) {
        return own.or(() -> defaultJump.filter(j -> !(j instanceof Jump.ToHost to && to.host().equals(host))))
                .orElse(new Jump.Direct());
    }

    private Conversion<Jump> jump(Set<HostName> hosts) {
        return conversions.parsed(Jump.EXPECTED, text -> Jump.parse(text, hosts));
    }

    /**
     * What a host should run: its own entries, then its groups' in the order it lists them. A package it names itself
     * wins over its groups'; two of its groups naming one package differently is a conflict only the host can settle
     * (reported; then empty). A group that could not be read adds nothing: its problems are reported already.
     */
    private Optional<List<PackageSpec>> packages(Fields host, List<PackageSpec> own, List<GroupName> groupNames,
            Context context) {
        Map<PackageName, PackageSpec> chosen = new LinkedHashMap<>();
        Map<PackageName, GroupName> chosenFrom = new LinkedHashMap<>();
        own.forEach(spec -> chosen.put(spec.name(), spec));
        boolean conflict = false;
        for (GroupName groupName : groupNames) {
            Optional<Group> group = Optional.ofNullable(context.groups().get(groupName));
            for (PackageSpec spec : group.map(Group::packages).orElse(List.of())) {
                if (own.stream().anyMatch(o -> o.name().equals(spec.name()))) {
                    continue;
                }
                PackageSpec earlier = chosen.putIfAbsent(spec.name(), spec);
                chosenFrom.putIfAbsent(spec.name(), groupName);
                if (earlier != null && !earlier.equals(spec)) {
                    host.problem("packages", "its groups " + chosenFrom.get(spec.name()) + " and " + groupName
                            + " want " + earlier + " and " + spec + "; name the package here to settle it");
                    conflict = true;
                }
            }
        }
        return conflict ? Optional.empty() : Optional.of(List.copyOf(chosen.values()));
    }

    private Optional<Monitoring> monitoring(Fields f, Set<HostName> hosts) {
        Optional<HostName> server = f.required("server", conversions.parsed("a host",
                text -> defined(HostName.parse(text), hosts, "host")), "the host that runs Munin and Nagios");
        Optional<Monitoring.Contacts> contacts = nested(f, "monitoring", "contacts", CONTACTS,
                Monitoring.Contacts.NONE, this::contacts);
        return server.flatMap(s -> contacts.map(c -> new Monitoring(s, c)));
    }

    private Optional<Monitoring.Contacts> contacts(Fields f) {
        Optional<List<String>> emails = f.withDefault("email", conversions.listOf("a list of e-mail addresses",
                conversions.checked("an e-mail address such as ops@example.com", text -> Optional.of(text)
                        .filter(t -> Monitoring.Contacts.EMAIL.matcher(t).matches())), address -> address), List.of());
        boolean commandWritten = f.entry("command").isPresent();
        Optional<String> command = f.optional("command", conversions.checked("an absolute path and plain arguments"
                + " such as /usr/local/bin/chat-alert ops (no quotes or shell characters)", text -> Optional.of(text)
                .filter(t -> Monitoring.Contacts.COMMAND.matcher(t).matches())));
        if (emails.isEmpty() || commandWritten && command.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Monitoring.Contacts(emails.get(), command));
    }

    private Optional<Secrets> secrets(Fields f) {
        Optional<List<String>> recipients = f.required("recipients", conversions.listOf("a list of age public keys",
                conversions.checked("an age public key (age1…, from age-keygen -y)", text -> Optional.of(text)
                        .filter(t -> ObjectStorage.RECIPIENT.matcher(t).matches())), key -> key),
                "the age public keys the secrets are encrypted to: each operator's, e.g. [age1…]");
        Optional<Path> identity = f.required("identity", conversions.file(), "this operator's age private key file,"
                + " outside the inventory's folder, e.g. ~/.config/speedy/age-identity.txt");
        Path folder = file.toAbsolutePath().getParent();
        if (identity.isPresent() && identity.get().startsWith(folder)) {
            f.problemAt("identity", identity.get() + " is in the inventory's folder, which goes into git with the"
                    + " encrypted secrets: keep the private key elsewhere, e.g. ~/.config/speedy/age-identity.txt");
            return Optional.empty();
        }
        if (recipients.isPresent() && recipients.get().isEmpty()) {
            f.problemAt("recipients", "empty; name at least one age public key");
            return Optional.empty();
        }
        return recipients.isPresent() && identity.isPresent()
                ? Optional.of(new Secrets(recipients.get(), identity.get(), folder.resolve("secrets")))
                : Optional.empty();
    }

    private Optional<Firewall> firewall(Fields f) {
        Optional<List<String>> operators = f.required("operators", conversions.listOf("a list of addresses or"
                + " networks", conversions.checked("an IPv4 or IPv6 address or network such as 192.0.2.0/24",
                text -> Optional.of(text).filter(Firewall::isNetwork)), network -> network),
                "where operators and push log in from, e.g. [192.0.2.10, 198.51.100.0/24]: ssh is open to these only");
        if (operators.isPresent() && operators.get().isEmpty()) {
            f.problemAt("operators", "empty; ssh would be open to nobody");
            return Optional.empty();
        }
        return operators.map(Firewall::new);
    }

    private Optional<HostSetup> hostSetup(Fields f) {
        Optional<String> timezone = f.withDefault("timezone", conversions.checked("a time zone such as Europe/Berlin",
                text -> Optional.of(text).filter(t -> HostSetup.TIMEZONE.matcher(t).matches())),
                HostSetup.DEFAULT.timezone());
        Optional<String> locale = f.withDefault("locale", conversions.checked("a locale such as C.UTF-8 or"
                + " en_US.UTF-8", text -> Optional.of(text).filter(t -> HostSetup.LOCALE.matcher(t).matches())),
                HostSetup.DEFAULT.locale());
        return timezone.isPresent() && locale.isPresent()
                ? Optional.of(new HostSetup(timezone.get(), locale.get())) : Optional.empty();
    }

    /** Each part is read whatever went wrong in another, so that one run reports every problem in the section. */
    private Optional<Backup> backup(Fields f, Set<HostName> hosts) {
        Optional<HostName> server = f.required("server", conversions.parsed("a host",
                text -> defined(HostName.parse(text), hosts, "host")), "the host that receives the WAL and keeps the"
                        + " backups, not one of the db group");
        Optional<String> database = f.withDefault("database", conversions.checked("a database name such as speedy",
                text -> Optional.of(text).filter(t -> Backup.DATABASE.matcher(t).matches())), Backup.DEFAULT_DATABASE);
        Optional<Backup.BaseBackupRetention> base = nested(f, "backup", "base_backups", BASE_BACKUPS,
                Backup.BaseBackupRetention.DEFAULT, this::baseBackups);
        Optional<Backup.DumpRetention> dumps = nested(f, "backup", "dumps", DUMPS, Backup.DumpRetention.DEFAULT,
                this::dumps);
        boolean s3Written = f.entry("s3").isPresent();
        Optional<ObjectStorage> s3 = f.entry("s3").flatMap(entry -> fields(entry, "backup.s3", S3))
                .flatMap(this::objectStorage);
        if (server.isEmpty() || database.isEmpty() || base.isEmpty() || dumps.isEmpty() || s3Written && s3.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Backup(server.get(), database.get(), base.get(), dumps.get(), s3));
    }

    /** A mapping under {@code parent}: its default when absent, else what {@code read} makes of it. */
    private <T> Optional<T> nested(Fields parent, String section, String key, List<String> keys, T fallback,
            Function<Fields, Optional<T>> read) {
        Optional<YamlNode.Mapping.Entry> entry = parent.entry(key);
        if (entry.isEmpty()) {
            return Optional.of(fallback);
        }
        return fields(entry.get(), section + "." + key, keys).flatMap(read);
    }

    private Optional<Backup.BaseBackupRetention> baseBackups(Fields f) {
        Optional<Integer> keep = f.withDefault("keep", conversions.integer("a count from 1 to " + MOST_KEPT, 1,
                MOST_KEPT), Backup.BaseBackupRetention.DEFAULT.keep());
        Optional<Integer> days = f.withDefault("window", conversions.checked("a whole number of days such as 30d",
                text -> DurationText.parse(text).filter(d -> d.toDays() >= 1 && d.equals(Duration.ofDays(d.toDays())))
                        .map(d -> (int) Math.min(d.toDays(), MOST_KEPT))), Backup.BaseBackupRetention.DEFAULT.windowDays());
        return keep.flatMap(k -> days.map(d -> new Backup.BaseBackupRetention(k, d)));
    }

    private Optional<Backup.DumpRetention> dumps(Fields f) {
        Backup.DumpRetention fallback = Backup.DumpRetention.DEFAULT;
        Optional<Integer> daily = f.withDefault("daily", conversions.integer("a count from 1 to " + MOST_KEPT, 1,
                MOST_KEPT), fallback.daily());
        Optional<Integer> weekly = f.withDefault("weekly", conversions.integer("a count from 0 to " + MOST_KEPT, 0,
                MOST_KEPT), fallback.weekly());
        Optional<Integer> monthly = f.withDefault("monthly", conversions.integer("a count from 0 to " + MOST_KEPT, 0,
                MOST_KEPT), fallback.monthly());
        return daily.flatMap(d -> weekly.flatMap(w -> monthly.map(m -> new Backup.DumpRetention(d, w, m))));
    }

    private Optional<ObjectStorage> objectStorage(Fields f) {
        Optional<URI> endpoint = f.required("endpoint", conversions.httpUrl(), "the storage's URL, e.g."
                + " https://s3.eu-central-1.amazonaws.com");
        Optional<String> bucket = f.required("bucket", conversions.checked("a bucket name (3 to 63 lower-case letters,"
                + " digits, dots and hyphens)", text -> Optional.of(text)
                        .filter(t -> ObjectStorage.BUCKET.matcher(t).matches())), "the bucket the backups go to");
        Optional<Path> credentials = f.required("credentials", conversions.file(), "an AWS-style credentials file"
                + " on this machine, e.g. ~/.config/speedy/s3-credentials");
        Optional<String> unreadable = credentials.flatMap(files::problem);
        unreadable.ifPresent(why -> problems.add(f.entry("credentials").orElseThrow().key().position(),
                "backup.s3.credentials", "credentials file " + why));
        Optional<List<String>> recipients = f.required("recipients", conversions.listOf("a list of age public keys",
                conversions.checked("an age public key (age1…, from age-keygen -y)", text -> Optional.of(text)
                        .filter(t -> ObjectStorage.RECIPIENT.matcher(t).matches())), key -> key),
                "the age public keys backups are encrypted to, e.g. [age1…]; keep their private keys off the backup"
                        + " host");
        if (recipients.isPresent() && recipients.get().isEmpty()) {
            f.problem("recipients", "empty; name at least one age public key");
            return Optional.empty();
        }
        if (endpoint.isEmpty() || bucket.isEmpty() || credentials.isEmpty() || recipients.isEmpty()
                || unreadable.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new ObjectStorage(endpoint.get(), bucket.get(), credentials.get(), recipients.get()));
    }

    private Conversion<List<PackageSpec>> packageList() {
        return conversions.listOf("a list of NAME or NAME=VERSION",
                conversions.parsed("NAME or NAME=VERSION", PackageSpec::parse), PackageSpec::name);
    }

    private Conversion<Suite> suite() {
        return conversions.parsed("a suite name such as stable", Suite::parse);
    }

    /** A top-level section such as {@code repository}; empty when it is absent or not a mapping (reported). */
    private Optional<Fields> section(Fields top, String key, List<String> keys) {
        return top.entry(key).flatMap(entry -> fields(entry, key, keys));
    }

    private Optional<Fields> fields(YamlNode.Mapping.Entry entry, String path, List<String> keys) {
        return Fields.of(entry.value(), Optional.of(entry.key().position()), path, keys, problems);
    }

    /** A name-to-settings section such as {@code hosts}, in file order; a bad name is reported where it stands. */
    private <N extends InventoryName> List<Named<N>> named(Fields top, String key, Conversions.Parser<N> parser,
            String kind) {
        Optional<YamlNode> section = top.entry(key).map(YamlNode.Mapping.Entry::value);
        if (section.isEmpty() || section.get() instanceof YamlNode.Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(section.get() instanceof YamlNode.Mapping mapping)) {
            problems.add(section.get().position(), key, "expected a mapping of " + kind + " names to their"
                    + " settings, found " + section.get().describe());
            return List.of();
        }
        List<Named<N>> named = new ArrayList<>();
        for (YamlNode.Mapping.Entry entry : mapping.entries()) {
            Optional<N> name;
            try {
                name = Optional.of(parser.parse(entry.key().text()));
            } catch (RuntimeException bug) {
                throw bug;
            } catch (Exception refused) {
                problems.add(entry.key().position(), key + "." + entry.key().text(), refused.getMessage());
                name = Optional.empty();
            }
            named.add(new Named<>(name, entry));
        }
        return named;
    }

    private static <N extends InventoryName> Set<N> names(List<Named<N>> named) {
        Set<N> names = new LinkedHashSet<>();
        named.forEach(n -> n.name().ifPresent(names::add));
        return names;
    }

    /** The name itself if it is defined, else an exception whose message offers what is. */
    private static <N extends InventoryName> N defined(N name, Set<N> defined, String kind)
            throws UndefinedNameException {
        if (defined.contains(name)) {
            return name;
        }
        List<String> names = defined.stream().map(Object::toString).toList();
        String hint = Suggestions.closest(name.toString(), names).map(n -> "; did you mean " + n + "?")
                .orElse(names.isEmpty() ? "; there are none" : "; defined: " + String.join(", ", names));
        throw new UndefinedNameException("undefined " + kind + " '" + name + "'" + hint);
    }

    /** A reference to a group, environment or host that the inventory does not define. */
    private static final class UndefinedNameException extends Exception {
        private static final long serialVersionUID = 1L;

        UndefinedNameException(String message) {
            super(message);
        }
    }
}

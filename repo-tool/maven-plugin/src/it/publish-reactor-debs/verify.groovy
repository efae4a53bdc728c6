// The goal published both reactor .debs into dev (and skipped them the second time): pool files as built, listed in
// Packages, InRelease signed with the repository's key.
def apt = new File(basedir, 'apt')
def log = new File(basedir, 'build.log').text
assert log.contains('publishing 2 .deb(s) into dev of ' + apt.path)
assert log.contains('dev: 2 added, 0 already there')
assert log.contains('dev: 0 added, 2 already there')

def inRelease = new File(apt, 'dists/dev/InRelease')
assert inRelease.isFile()
def gpgv = ['gpgv', '--keyring', new File(apt, 'conf/archive-keyring.gpg').path, inRelease.path].execute()
def gpgvSays = new StringBuilder()
gpgv.waitForProcessOutput(gpgvSays, gpgvSays)
assert gpgv.exitValue() == 0 : "gpgv refused dists/dev/InRelease: $gpgvSays"
assert gpgvSays.contains('Good signature')

def packages = new File(apt, 'dists/dev/main/binary-amd64/Packages').text
['hello', 'world'].each { module ->
    def name = "it-$module"
    def poolPath = "pool/main/i/$name/${name}_1.0_all.deb"
    assert packages.contains("Package: $name\n") : packages
    assert packages.contains("Filename: $poolPath\n") : packages
    def built = new File(basedir, "$module/target/${name}_1.0_all.deb")
    assert new File(apt, poolPath).bytes == built.bytes
}
assert !new File(apt, 'dists/stable/InRelease').exists()

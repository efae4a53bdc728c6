// build.log holds the seven runs in order; each failed in the goal, naming the POM element and property to fix.
def failures = new File(basedir, 'build.log').readLines()
        .findAll { it.contains('[ERROR] Failed to execute goal com.speedy:speedy-repo-maven-plugin') }
assert failures.size() == 7 : failures.join('\n')
def path = { name -> new File(basedir, name).path }

assert failures[0].contains("<repository> (-Drepo.directory): ${path('nowhere')} is not a repository")
assert failures[1].contains('<suite> (-Drepo.suite): unknown suite "qa"; this repository has [dev, stable]')
assert failures[2].contains("secret key file ${path('apt-without-key/conf/signing-key.asc')}: cannot be read")
assert failures[2].contains("make the repository's key with repo-tool key generate -r ${path('apt-without-key')}")
assert failures[2].contains('set <keys> (-Drepo.keys) to armored secret-key files or <gpgKeys> (-Drepo.gpgKeys)')
assert failures[3].contains("<keys> (-Drepo.keys): secret key file ${path('no-such-key.asc')}: cannot be read")
assert failures[4].contains('no .deb to publish')
assert failures[4].contains('mvn package com.speedy:speedy-repo-maven-plugin:publish')
assert failures[5].contains("<gpgKeys> (-Drepo.gpgKeys): not an OpenPGP fingerprint (40 or 64 hex digits): '720AA5CC'")
assert failures[6].contains('<keys> (-Drepo.keys) and <gpgKeys> (-Drepo.gpgKeys) exclude each other')

// Refused means untouched: no suite was written, nothing entered the pool.
def apt = new File(basedir, 'apt')
assert new File(apt, 'dists').list().length == 0
assert new File(apt, 'pool').list().length == 0

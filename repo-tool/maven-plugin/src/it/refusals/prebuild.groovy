// apt: a repository with its key; apt-without-key: one that never had `key generate`. Made by repo-tool's CLI.
import com.speedy.repo.cli.RepoTool
import picocli.CommandLine

def repo = new File(basedir, 'apt').path
assert new CommandLine(RepoTool).execute('init', repo) == 0
assert new CommandLine(RepoTool).execute('key', 'generate', '-r', repo) == 0
assert new CommandLine(RepoTool).execute('init', new File(basedir, 'apt-without-key').path) == 0

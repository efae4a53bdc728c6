// apt: a repository with its key; apt-without-key: one that never had `key generate`. Made by repo-tool's CLI.
import com.speedy.repo.cli.RepoTool

def repo = new File(basedir, 'apt').path
assert RepoTool.commandLine().execute('init', repo) == 0
assert RepoTool.commandLine().execute('key', 'generate', '-r', repo) == 0
assert RepoTool.commandLine().execute('init', new File(basedir, 'apt-without-key').path) == 0

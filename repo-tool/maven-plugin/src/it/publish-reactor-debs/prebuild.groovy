// A fresh repository with suites dev and stable and a new signing key, made by repo-tool's own CLI.
import com.speedy.repo.cli.RepoTool

def repo = new File(basedir, 'apt').path
assert RepoTool.commandLine().execute('init', repo, '--suite', 'dev', '--suite', 'stable') == 0
assert RepoTool.commandLine().execute('key', 'generate', '-r', repo) == 0

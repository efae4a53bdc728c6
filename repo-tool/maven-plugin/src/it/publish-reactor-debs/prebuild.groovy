// A fresh repository with suites dev and stable and a new signing key, made by repo-tool's own CLI.
import com.speedy.repo.cli.RepoTool
import picocli.CommandLine

def repo = new File(basedir, 'apt').path
assert new CommandLine(RepoTool).execute('init', repo, '--suite', 'dev', '--suite', 'stable') == 0
assert new CommandLine(RepoTool).execute('key', 'generate', '-r', repo) == 0

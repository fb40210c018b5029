"""The README's examples run as written: the console block's output is what the command prints."""

import re
import shlex

from conftest import ROOT

from policyeval.cli import main


def _console_blocks():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        command, _, expected = block.partition("\n")
        assert command.startswith("$ policyeval ")
        yield shlex.split(command[2:])[1:], expected.rstrip()


def test_readme_console_examples_match_real_output(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    blocks = list(_console_blocks())
    assert blocks, "the README should show at least one CLI example"
    for argv, expected in blocks:
        assert main(argv) == 0
        assert capsys.readouterr().out.rstrip() == expected, f"README example out of date: policyeval {' '.join(argv)}"


def test_readme_shows_the_two_commands_first():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", text, flags=re.S).group(1)
    assert first_block.splitlines()[0].startswith("make run") and "make test" in first_block.splitlines()[1]

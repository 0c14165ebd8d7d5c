from conftest import ROOT

from coakg.cli import app


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name for c in app.registered_commands]
    assert names
    for name in names:
        assert f"coakg {name}" in readme, name

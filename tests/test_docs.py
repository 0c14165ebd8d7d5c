import re

from conftest import ROOT

from coakg.cli import app


def test_every_command_is_in_the_reference_and_every_link_of_the_readme_is_there():
    reference = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    names = [c.name for c in app.registered_commands]
    assert names
    for name in names:
        assert f"`coakg {name}" in reference, name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)\)", readme)
    assert links and all((ROOT / link).is_file() for link in links), links
    assert len(readme.splitlines()) < 120  # a few screens


def test_every_slice_key_a_query_names_comes_from_the_catalogue():
    """queries/*.rq (and the site's pages/*.rq) start from slice keys kind/column/level: the kind a table kind of the catalogue, the column a
    column slug it gives, the level one of a classification's levels or item."""
    import re

    from coakg.tables import catalogue

    cat = catalogue()
    kinds = {k.key for k in cat.kinds}
    slugs = set(cat.columns.values()) | {f"{stage}-{item}" for stage in cat.stage_slugs.values()
                                          for item in cat.columns.values()}
    levels = {level for s in cat.schemes.values() for level in s.levels.values()} | {"item"}
    keys = {key for path in [*(ROOT / "queries").glob("*.rq"), *(ROOT / "pages").glob("*.rq")]
            for key in re.findall(r'"([a-z-]+/[a-z.-]+/[^"/]+)"', path.read_text(encoding="utf-8"))}
    assert keys
    for key in keys:
        kind, slug, level = key.split("/")
        assert kind in kinds and slug in slugs and level in levels, key


def test_every_key_figure_a_query_names_comes_from_the_catalogue():
    """queries/*.rq that read key figures name them (coakg:keyName) as the catalogue does."""
    import re

    from coakg.tables import catalogue

    known = {k.key for k in catalogue().key_figures}
    named = set()
    for path in (ROOT / "queries").glob("*.rq"):
        text = path.read_text(encoding="utf-8")
        if "coakg:keyName" in text:
            named |= {word for word in re.findall(r'"([a-z]+(?:-[a-z]+)+)"', text) if "/" not in word}
    assert len(named) > 15 and named <= known, named - known

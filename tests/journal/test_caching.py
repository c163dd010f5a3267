"""Cached HTML is keyed to the code that draws it (journal/caching.py)."""

from journal.caching import source_version


def test_the_code_version_follows_templates_and_the_python_that_fills_them(tmp_path):
    (tmp_path / "templates" / "journal").mkdir(parents=True)
    (tmp_path / "insights" / "charts").mkdir(parents=True)
    (tmp_path / "requirements.txt").write_text("matplotlib==3.11.2\n")
    page = tmp_path / "templates" / "journal" / "page.html"
    page.write_text("<p>{{ x }}</p>")
    helper = tmp_path / "insights" / "charts" / "weekly.py"  # a module nobody listed
    helper.write_text("A = 1\n")

    def version():
        source_version.cache_clear()
        return source_version(tmp_path)

    seen = {version()}
    helper.write_text("A = 2\n")
    seen.add(version())
    page.write_text("<p>{{ y }}</p>")
    seen.add(version())
    (tmp_path / "requirements.txt").write_text("matplotlib==3.12.0\n")
    seen.add(version())
    assert len(seen) == 4
    source_version.cache_clear()


def test_the_cached_choice_grid_is_keyed_to_the_code(alice_client, monkeypatch):
    from django.core.cache import cache

    import journal.views

    def grids():
        return [k for k in cache._cache if "template.cache.quick-choices" in k]

    alice_client.get("/")
    alice_client.get("/")
    assert len(grids()) == 1  # drawn once, then reused
    # After a deploy that changes the code the old grid is never used.
    monkeypatch.setattr(journal.views, "render_version", lambda *a: "another-deploy")
    html = alice_client.get("/").content.decode()
    assert len(grids()) == 2
    assert 'value="calf" id="id_muscle_0" required checked' in html

"""Cached HTML is keyed to the source that draws it (journal/caching.py)."""

from journal.caching import source_version


def test_the_version_follows_the_template_and_the_extra_files(tmp_path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    (tmp_path / "page.html").write_text("<p>{{ x }}</p>")
    helper = tmp_path / "helper.py"
    helper.write_text("A = 1\n")
    source_version.cache_clear()
    first = source_version("page.html", helper)
    helper.write_text("A = 2\n")
    source_version.cache_clear()
    assert source_version("page.html", helper) != first
    assert source_version("page.html") != source_version("page.html", helper)


def test_the_cached_choice_grid_is_keyed_to_the_home_template(alice_client, monkeypatch):
    from django.core.cache import cache

    import journal.views

    def grids():
        return [k for k in cache._cache if "template.cache.quick-choices" in k]

    alice_client.get("/")
    alice_client.get("/")
    assert len(grids()) == 1  # drawn once, then reused
    # After a deploy that changes home.html the old grid is never used.
    monkeypatch.setattr(journal.views, "source_version", lambda *a: "another-deploy")
    html = alice_client.get("/").content.decode()
    assert len(grids()) == 2
    assert 'value="calf" id="id_muscle_0" required checked' in html

"""Configuration: defaults, pyproject / i18n.toml, flags on top, errors that name key and file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfg_i18n.config import Config, add_language, load_config
from cfg_i18n.errors import ConfigError
from cfg_i18n.languages import check_language, nearest_languages, plural_forms


def _site(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_defaults_without_config(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config(site=tmp_path.resolve())
    assert config.languages == ["en"]
    assert config.content_path() == tmp_path.resolve() / "content" / "de"
    assert config.locale_path() == tmp_path.resolve() / "locale"
    assert config.wrap_width == 79
    assert config.project_name() == tmp_path.name


def test_pyproject_table(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"pyproject.toml": (
        '[project]\nname = "x"\n\n[tool.cfg-i18n]\nlanguages = ["en", "fr"]\n'
        'content_dir = "content"\noutput = "suffix"\nwrap_width = 0\n'
        'front_matter_keys = ["title"]\nmin_completeness_by_language = { fr = 50 }\n'
    )})
    config = load_config(site)
    assert config.config_file == site.resolve() / "pyproject.toml"
    assert config.languages == ["en", "fr"]
    assert (config.content_dir, config.output, config.wrap_width) == ("content", "suffix", 0)
    assert config.front_matter_keys == ("title",)
    assert config.completeness_required("fr") == 50.0
    assert config.completeness_required("en") == 0.0
    assert config.extract_options().front_matter_keys == ("title",)


def test_pyproject_without_table_is_no_config(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"pyproject.toml": '[project]\nname = "x"\n'})
    assert load_config(site).config_file is None


def test_i18n_toml(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"i18n.toml": 'source_language = "de"\nlanguages = ["pt-BR"]\n'})
    config = load_config(site)
    assert config.config_file == site.resolve() / "i18n.toml"
    assert config.languages == ["pt-BR"]


def test_unknown_key_names_key_file_and_suggestion(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"i18n.toml": 'langauges = ["en"]\n'})
    with pytest.raises(ConfigError) as caught:
        load_config(site)
    message = str(caught.value)
    assert "langauges" in message and "i18n.toml" in message and "'languages'" in message


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("wrap_width = -1", "wrap_width"),
        ('wrap_width = "79"', "wrap_width"),
        ('output = "tree"', "output"),
        ("publish_threshold = 120", "publish_threshold"),
        ('languages = "en"', "languages"),
        ('languages = ["klingon"]', "languages"),
        ('languages = ["en", "en"]', "languages"),
        ('languages = ["de"]', "languages"),
        ('content_dir = "/abs"', "content_dir"),
        ('target_dir = "content/en"', "target_dir"),
        ("localize_links = 1", "localize_links"),
        ('references = "full"', "references"),
        ("min_completeness_by_language = { fr = 10 }", "min_completeness_by_language"),
    ],
)
def test_bad_value_names_key_and_file(tmp_path: Path, line: str, key: str) -> None:
    site = _site(tmp_path, **{"pyproject.toml": f"[tool.cfg-i18n]\n{line}\n"})
    with pytest.raises(ConfigError) as caught:
        load_config(site)
    assert key in str(caught.value)
    assert caught.value.path is not None and caught.value.path.endswith("pyproject.toml")


def test_unknown_language_lists_nearest_codes(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"i18n.toml": 'languages = ["en-XX"]\n'})
    with pytest.raises(ConfigError, match="did you mean one of: en"):
        load_config(site)


def test_broken_toml_names_file_and_line(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"i18n.toml": 'languages = ["en"]\nwrap_width = \n'})
    with pytest.raises(ConfigError) as caught:
        load_config(site)
    assert caught.value.path is not None and caught.value.path.endswith("i18n.toml")
    assert caught.value.line == 2


def test_both_files_is_an_error(tmp_path: Path) -> None:
    site = _site(tmp_path, **{
        "pyproject.toml": '[tool.cfg-i18n]\nlanguages = ["en"]\n',
        "i18n.toml": 'languages = ["fr"]\n',
    })
    with pytest.raises(ConfigError, match="keep only one"):
        load_config(site)


def test_flags_override_file_and_none_is_ignored(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"i18n.toml": "wrap_width = 100\nlocale_dir = \"po\"\n"})
    config = load_config(site, {"wrap_width": 0, "locale_dir": None})
    assert config.wrap_width == 0
    assert config.locale_dir == "po"


def test_bad_flag_value_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="wrap_width") as caught:
        load_config(tmp_path, {"wrap_width": -3})
    assert caught.value.path == "command line"


def test_missing_site_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--site"):
        load_config(tmp_path / "nowhere")


def test_add_language_keeps_pyproject_formatting(tmp_path: Path) -> None:
    original = (
        "[project]\nname = \"site\"  # the site\n\n"
        "[tool.cfg-i18n]\n# our languages\nlanguages = [\"en\"]  # more soon\nwrap_width = 79\n"
    )
    site = _site(tmp_path, **{"pyproject.toml": original})
    config = load_config(site)
    written = add_language(config, "fr")
    assert written == site.resolve() / "pyproject.toml"
    text = written.read_text(encoding="utf-8")
    assert text == original.replace('["en"]', '["en", "fr"]')
    assert load_config(site).languages == ["en", "fr"]


def test_add_language_creates_i18n_toml(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"pyproject.toml": '[project]\nname = "x"\n'})
    config = load_config(site)
    written = add_language(config, "fr")
    assert written.name == "i18n.toml"
    assert (site / "pyproject.toml").read_text(encoding="utf-8") == '[project]\nname = "x"\n'
    assert load_config(site).languages == ["en", "fr"]


def test_add_language_twice_is_harmless(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"i18n.toml": 'languages = ["en"]\n'})
    add_language(load_config(site), "en")
    assert (site / "i18n.toml").read_text(encoding="utf-8") == 'languages = ["en"]\n'


def test_languages_helpers() -> None:
    assert check_language("pt-BR") == "pt-BR"
    assert nearest_languages("en-XX")[0] == "en"
    assert plural_forms("fr").startswith("nplurals=")
    assert plural_forms("ja") == "nplurals=1; plural=0;"
    with pytest.raises(ConfigError, match="fr"):
        check_language("frr-XY")

"""Link localisation of merged pages (cfg_i18n.links), on text taken from the real site.

Hugo leaves root-relative links as written and fails the build on a ``ref`` to a page the
language lacks; these tests pin down how ``localize`` answers both, and that it touches
nothing else (code, images, external and already localised links).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import corpus_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from cfg_i18n.links import (
    SiteMap,
    known_urls,
    localize,
    may_link,
    normalize_url,
    resolve_ref,
    url_of,
)

# Source pages (content paths without .md) as they occur in codefor.de.
PAGES = frozenset({
    "_index",
    "community/_index",
    "spenden",
    "blog/_index",
    "blog/2014-07-03-lab-profiles-heilbronn",
    "blog/2019-04-10-Fuenf-Jahre-Code-for-Germany",
    "blog/2019-11-18-CFG-Community-Summit-2019",
    "labs/heilbronn",
    "labs/hamburg",
    "projekte/2014-03-22-hn-trinkwasser",
    "projekte/2015-07-20-be-trinkwasser",
})


def site_with(*published: str) -> SiteMap:
    """The language has exactly ``published`` of PAGES."""
    assert set(published) <= PAGES
    return SiteMap(frozenset(url_of(rel) for rel in published), PAGES, frozenset(published))


EVERYTHING = site_with(*PAGES)


def english(text: str, site: SiteMap = EVERYTHING, page: str = "_index") -> str:
    return localize(text, "en", site, page, "de")


# --- url_of and normalize_url -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "front_matter", "url"),
    [
        ("_index", None, "/"),
        ("community/_index", None, "/community/"),
        ("spenden", None, "/spenden/"),
        ("blog/2023-10-09-Das-war-der-Community-Summit-2023", None,
         "/blog/2023-10-09-das-war-der-community-summit-2023/"),
        ("projekte/index", None, "/projekte/"),
        ("blog/Mein Beitrag", None, "/blog/mein-beitrag/"),
        ("blog/2016-01-01-x", {"slug": "neuer-name"}, "/blog/neuer-name/"),
        ("blog/x", {"url": "/Anderswo"}, "/anderswo/"),
        ("blog/x", {"url": "relativ/ist/kein/pfad"}, "/blog/x/"),
    ],
)
def test_url_of(rel: str, front_matter: dict[str, str] | None, url: str) -> None:
    assert url_of(rel, front_matter) == url


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("/community", "/community/"),
        ("/community/", "/community/"),
        ("/community/#mitmachen", "/community/"),
        ("/community?x=1", "/community/"),
        ("/Blog/Lab-Profiles-Heilbronn", "/blog/lab-profiles-heilbronn/"),
        ("/blog/OpenDataDay2017.pdf", "/blog/opendataday2017.pdf"),
        ("/", "/"),
    ],
)
def test_normalize_url(url: str, normal: str) -> None:
    assert normalize_url(url) == normal


def test_known_urls_add_sections_and_filename_dates() -> None:
    """Hugo serves /projekte/ without a projekte/_index.md, and (with `:filename` dates, as
    codefor.de does) projekte/2014-03-22-hn-trinkwasser.md at /projekte/hn-trinkwasser/."""
    known = known_urls(site_with("_index", "projekte/2014-03-22-hn-trinkwasser"))
    assert {"/", "/projekte/", "/projekte/hn-trinkwasser/",
            "/projekte/2014-03-22-hn-trinkwasser/"} <= known
    assert "/labs/" not in known
    assert "/projekte/be-trinkwasser/" not in known


def test_a_date_less_alias_never_hides_another_page() -> None:
    pages = frozenset({"blog/2019-01-01-summit", "blog/summit"})
    site = SiteMap(frozenset({"/blog/2019-01-01-summit/"}), pages,
                   frozenset({"blog/2019-01-01-summit"}))
    assert "/blog/summit/" not in known_urls(site)
    assert localize("[S](/blog/summit)", "en", site, "_index", "de") == "[S](/blog/summit)"


# --- localize: root-relative links --------------------------------------------------------------


def test_markdown_links_to_published_pages_get_the_language_prefix() -> None:
    # content/de/_index.md, line 31 and 122 of the sample site
    source = ("Besuche doch mal unsere [Community](/community)!\n"
              "In unserer Blog-Serie [Out in the Open](/blog) analysieren unsere "
              "Expert\\*innen aktuelle Entwicklungen.\n")
    assert english(source) == (
        "Besuche doch mal unsere [Community](/en/community)!\n"
        "In unserer Blog-Serie [Out in the Open](/en/blog) analysieren unsere "
        "Expert\\*innen aktuelle Entwicklungen.\n")


def test_link_forms_keep_their_title_anchor_and_angle_brackets() -> None:
    source = ('[a](/community "Mitmachen") [b](/community/#slack) [c](</spenden>) '
              "[d]( /spenden)")
    assert english(source) == ('[a](/en/community "Mitmachen") [b](/en/community/#slack) '
                               "[c](</en/spenden>) [d]( /en/spenden)")


def test_links_that_are_not_to_a_published_page_stay() -> None:
    site = site_with("_index", "community/_index")
    source = ("[Spenden](/spenden) [PDF](/documents/Handbuch-Krisenresilienz.pdf) "
              "[extern](https://okfn.de/community) [cdn](//storify.com/community) "
              "[schon da](/en/community) [relativ](community) ![Bild](/community/bild.png)")
    assert english(source, site) == source


def test_sections_and_dated_file_names_count_as_published() -> None:
    site = site_with("_index", "projekte/2014-03-22-hn-trinkwasser")
    source = ("- [Anwendungen](/projekte) aus Offenen Daten\n"
              "- [Heilbronner Projekt](/projekte/hn-trinkwasser/)\n"
              "- [Berliner Projekt](/projekte/be-trinkwasser/)\n")
    assert english(source, site) == (
        "- [Anwendungen](/en/projekte) aus Offenen Daten\n"
        "- [Heilbronner Projekt](/en/projekte/hn-trinkwasser/)\n"
        "- [Berliner Projekt](/projekte/be-trinkwasser/)\n")


def test_reference_definitions() -> None:
    source = ("Das [OK Lab Heilbronn][] arbeitet an ganz verschiedenen Themen.\n\n"
              "[OK Lab Heilbronn]: /labs/heilbronn\n"
              "[Community]: </community> \"Mitmachen\"\n"
              "   [Spenden]: /spenden\n"
              "> [Zitat]: /blog\n"
              "[Extern]: https://codefor.de/community\n")
    assert english(source) == ("Das [OK Lab Heilbronn][] arbeitet an ganz verschiedenen Themen.\n\n"
                               "[OK Lab Heilbronn]: /en/labs/heilbronn\n"
                               "[Community]: </en/community> \"Mitmachen\"\n"
                               "   [Spenden]: /en/spenden\n"
                               "> [Zitat]: /en/blog\n"
                               "[Extern]: https://codefor.de/community\n")


def test_html_href() -> None:
    # content/de/_index.md line 176 and content/de/community/_index.md line 80
    source = ('<a href="/blog">Out in the Open</a> <a class="btn" href=\'/spenden#konto\'>Spenden</a>\n'
              '<a href=/community>x</a> <img src="/community/bild.png" alt="">\n'
              '<a href="/blog/OpenDataDay2017.pdf">Flyer</a>\n')
    assert english(source) == (
        '<a href="/en/blog">Out in the Open</a> <a class="btn" href=\'/en/spenden#konto\'>Spenden</a>\n'
        '<a href=/en/community>x</a> <img src="/community/bild.png" alt="">\n'
        '<a href="/blog/OpenDataDay2017.pdf">Flyer</a>\n')


def test_code_spans_and_fences_are_left_alone() -> None:
    source = ("Schreibe `[Community](/community)` für einen Link zur [Community](/community).\n\n"
              "```markdown\n[Community](/community)\n<a href=\"/blog\">Blog</a>\n```\n\n"
              "~~~\n[Spenden]: /spenden\n~~~\n\n"
              "Danach wieder [Blog](/blog).\n")
    assert english(source) == (
        "Schreibe `[Community](/community)` für einen Link zur [Community](/en/community).\n\n"
        "```markdown\n[Community](/community)\n<a href=\"/blog\">Blog</a>\n```\n\n"
        "~~~\n[Spenden]: /spenden\n~~~\n\n"
        "Danach wieder [Blog](/en/blog).\n")


def test_an_unclosed_fence_protects_the_rest_of_the_page() -> None:
    source = "[a](/blog)\n```\n[b](/blog)\n"
    assert english(source) == "[a](/en/blog)\n```\n[b](/blog)\n"


def test_rewriting_can_be_switched_off_but_refs_are_still_fixed() -> None:
    site = site_with("_index", "community/_index")
    source = '[Community](/community) {{< ref "/labs/heilbronn" >}}'
    assert localize(source, "en", site, "_index", "de", rewrite_links=False) == (
        '[Community](/community) {{< ref path="/labs/heilbronn" lang="de" >}}')


def test_other_prefix_template() -> None:
    assert localize("[Blog](/blog)", "en", EVERYTHING, "_index", "de",
                    prefix="/sprache/{lang}") == "[Blog](/sprache/en/blog)"


# --- resolve_ref -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "page", "target"),
    [
        ("/labs/heilbronn", "_index", "labs/heilbronn"),
        ("/labs/heilbronn.md", "_index", "labs/heilbronn"),
        ("/projekte/2014-03-22-hn-trinkwasser.md", "_index", "projekte/2014-03-22-hn-trinkwasser"),
        ("/community", "_index", "community/_index"),
        ("/community/", "_index", "community/_index"),
        ("/blog/2014-07-03-lab-profiles-heilbronn.md#trinkwasser", "_index",
         "blog/2014-07-03-lab-profiles-heilbronn"),
        ("#top", "spenden", "spenden"),
        ("/", "labs/hamburg", "_index"),
        # relative to the page's directory, then to the content root
        ("hamburg.md", "labs/heilbronn", "labs/hamburg"),
        ("../spenden", "labs/heilbronn", "spenden"),
        ("labs/hamburg", "blog/_index", "labs/hamburg"),
        # a unique base name anywhere
        ("heilbronn", "blog/_index", "labs/heilbronn"),
        ("2015-07-20-be-trinkwasser.md", "_index", "projekte/2015-07-20-be-trinkwasser"),
        # Hugo finds pages case-insensitively (blog/2019-11-18-CFG-Community-Summit-2019.md)
        ("/blog/2019-04-10-fuenf-jahre-code-for-germany.md", "_index",
         "blog/2019-04-10-Fuenf-Jahre-Code-for-Germany"),
        ("/LABS/Heilbronn.MD", "_index", "labs/heilbronn"),
    ],
)
def test_resolve_ref(path: str, page: str, target: str) -> None:
    assert resolve_ref(path, page, PAGES) == target


@pytest.mark.parametrize("path", ["/labs/berlin", "/labs", "trinkwasser", "/blog/_index/x"])
def test_resolve_ref_unknown_or_ambiguous(path: str) -> None:
    """No page, a section without _index.md, or several pages of that base name."""
    assert resolve_ref(path, "_index", PAGES) is None


# --- ref and relref to pages the language lacks -------------------------------------------------


def test_refs_to_unpublished_pages_point_at_the_source_language() -> None:
    site = site_with("_index", "blog/2014-07-03-lab-profiles-heilbronn", "labs/hamburg")
    # content/de/blog/2014-07-03-lab-profiles-heilbronn.md: reference definitions with ref
    source = ('[OK Lab Heilbronn]: {{< ref "/labs/heilbronn" >}}\n'
              '[OK Lab Hamburg]: {{< ref "/labs/hamburg" >}}\n'
              '<a href="{{< relref "hamburg.md" >}}">Hamburg</a> '
              '[Projekt]({{<ref "/projekte/2014-03-22-hn-trinkwasser.md">}})\n'
              '{{% ref "/spenden" %}} {{< ref "/" >}}\n')
    assert english(source, site, "blog/2014-07-03-lab-profiles-heilbronn") == (
        '[OK Lab Heilbronn]: {{< ref path="/labs/heilbronn" lang="de" >}}\n'
        '[OK Lab Hamburg]: {{< ref "/labs/hamburg" >}}\n'
        '<a href="{{< relref "hamburg.md" >}}">Hamburg</a> '
        '[Projekt]({{< ref path="/projekte/2014-03-22-hn-trinkwasser.md" lang="de" >}})\n'
        '{{% ref path="/spenden" lang="de" %}} {{< ref "/" >}}\n')


def test_refs_to_published_pages_are_left_to_hugo() -> None:
    source = ('{{< ref "/labs/heilbronn" >}} {{< relref path="/spenden" >}} '
              '{{< ref "/blog/2019-04-10-fuenf-jahre-code-for-germany.md" >}}')
    assert english(source) == source


def test_ref_with_other_case_to_an_unpublished_page() -> None:
    """The corpus's 2019 summit post refs the Fünf-Jahre post in lower case; left as it was,
    Hugo fails with REF_NOT_FOUND when that post is not published in English."""
    site = site_with("_index", "blog/2019-11-18-CFG-Community-Summit-2019")
    source = "[unserem Blog]({{< ref \"/blog/2019-04-10-fuenf-jahre-code-for-germany.md\" >}})"
    assert english(source, site, "blog/2019-11-18-CFG-Community-Summit-2019") == (
        '[unserem Blog]({{< ref path="/blog/2019-04-10-fuenf-jahre-code-for-germany.md" '
        'lang="de" >}})')


def test_ref_to_a_section_without_index_page() -> None:
    """``ref "/labs"`` names the section Hugo creates for content/labs/: it exists in the
    language as long as one page below it does."""
    source = '[Labs]({{< ref "/labs" >}})'
    assert english(source, site_with("_index", "labs/hamburg")) == source
    assert english(source, site_with("_index", "spenden")) == (
        '[Labs]({{< ref path="/labs" lang="de" >}})')


def test_refs_already_naming_a_language_or_unknown_pages_stay() -> None:
    site = site_with("_index")
    source = ('{{< ref path="/labs/heilbronn" lang="de" >}} {{< ref "/gibt/es/nicht" >}} '
              '{{< ref >}} {{< /ref >}} {{</* ref "/spenden" */>}}')
    assert english(source, site) == source


def test_unpublished_ref_inside_a_code_fence_is_fixed_too() -> None:
    """Hugo renders shortcodes inside fenced code as well, so a ref there fails the same way."""
    site = site_with("_index")
    source = '```\n{{< ref "/spenden" >}}\n```\n'
    assert english(source, site) == '```\n{{< ref path="/spenden" lang="de" >}}\n```\n'


def test_href_in_any_case_and_only_as_a_whole_attribute_name() -> None:
    source = '<A HREF="/blog">x</A> <a Href=/community>y</a> <a nohref="/blog">z</a>\n'
    assert english(source) == (
        '<A HREF="/en/blog">x</A> <a Href=/en/community>y</a> <a nohref="/blog">z</a>\n')


# --- the quick test for links to rewrite ---------------------------------------------------------

#: What ``may_link`` must find, written as one plain pattern (case-blind ``href``).
_ANY_LINK = re.compile(r"\](?:\(\s*<?|:[ \t]*<?)/[^/]|href\s*=\s*[\"']?/[^/]", re.IGNORECASE)


@settings(max_examples=3000)
@given(st.text(alphabet="]([:=/ \t\n<>\"'hrefHREFx", max_size=30))
def test_may_link_answers_as_the_plain_pattern(text: str) -> None:
    assert may_link(text) == bool(_ANY_LINK.search(text))


def test_may_link_answers_as_the_plain_pattern_on_every_page(corpus_content: Path) -> None:
    texts = [page.read_text(encoding="utf-8") for page in corpus_pages()]
    answers = [may_link(text) for text in texts]
    assert answers == [bool(_ANY_LINK.search(text)) for text in texts]
    assert 20 < sum(answers) < len(answers)  # the corpus has pages of both kinds


@pytest.mark.parametrize("text", [
    '<a href = "/community">', "<A HREF='/x'>", "[a]( </b>)", "[a]: </b>", "[a]:\t/b",
])
def test_may_link_sees_spaced_and_upper_case_links(text: str) -> None:
    assert may_link(text)


@pytest.mark.parametrize("text", [
    '<img src="/x.png">', "[a](https://x.org/b)", "[a](//cdn.org/b)", "a = /b", "[a]\n(/b)",
])
def test_may_link_passes_over_other_slashes(text: str) -> None:
    assert not may_link(text)

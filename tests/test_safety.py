"""Does a translation keep the markup of its source? (DESIGN invariant 6, issues 4 and 5)

The msgids are real sentences of codefor.de (the page is named above each one), written
as the catalogs hold them: hard-wrapped lines joined with one space.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfg_i18n.safety import DEFAULT_TEXT_PARAMS, Problem, check_translation

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "codefor.de" / "content"


def codes(problems: list[Problem]) -> list[str]:
    return [problem.code for problem in problems]


def only(problems: list[Problem], code: str) -> Problem:
    """The single problem, which must be of ``code``."""
    assert codes(problems) == [code], problems
    return problems[0]


def english_prefix(source: str, translated: str) -> bool:
    """What merge and check accept: the same URL with the language prefix."""
    return translated == "/en" + source


def english_page(source: str, translated: str) -> bool:
    """What merge and check accept for a ref path: the English version of the page."""
    return translated == source.replace(".md", ".en.md")


# --------------------------------------------------------------------------- basics


def test_empty_msgstr_is_untranslated_not_unsafe() -> None:
    msgid = 'Schaut auf [codefor.de]({{< ref "/" >}}) vorbei.'
    assert check_translation(msgid, "") == []


def test_problem_is_a_slots_dataclass_with_code_and_message() -> None:
    problem = Problem("shortcode", "the shortcode … is missing")
    assert not hasattr(problem, "__dict__")
    assert str(problem) == "shortcode: the shortcode … is missing"


def test_default_text_params_are_the_design_defaults() -> None:
    assert set(DEFAULT_TEXT_PARAMS) == {"alt", "title", "caption", "attr", "description", "text"}


# --------------------------------------------------------------------------- shortcodes

# blog/2020-04-24-Netzstreik-fuers-Klima.md
CLIMATE = (
    "Wir von Code for Germany setzen uns unter dem Motto [„Code for Climate“]"
    '({{< ref "/blog/2020-02-19-Code-For-Climate-Open-Data-Day.md" >}}) damit auseinander, '
    "was Entwickler\\*innen und andere, die digital arbeiten, zum Klimaschutz beitragen können."
)
CLIMATE_REF = '{{< ref "/blog/2020-02-19-Code-For-Climate-Open-Data-Day.md" >}}'


def test_shortcode_kept_in_reordered_translation_is_safe() -> None:
    translated = (
        "What developers and others who work digitally can do for climate protection is "
        f'what we at Code for Germany explore under the motto ["Code for Climate"]({CLIMATE_REF}).'
    )
    assert check_translation(CLIMATE, translated) == []


def test_dropped_ref_shortcode_is_reported_by_name() -> None:
    translated = (
        'Under the motto "Code for Climate", we at Code for Germany explore what developers '
        "and others who work digitally can do for climate protection."
    )
    problems = check_translation(CLIMATE, translated)
    assert codes(problems) == ["shortcode", "link-target"]
    assert CLIMATE_REF in problems[0].message
    assert "missing" in problems[0].message and "copy it" in problems[0].message


def test_localised_ref_path_needs_allow_link() -> None:
    localised = CLIMATE_REF.replace(".md", ".en.md")
    translated = (
        f'Under the motto ["Code for Climate"]({localised}) we at Code for Germany explore '
        "what developers and others who work digitally can do for climate protection."
    )
    problem = only(check_translation(CLIMATE, translated), "shortcode")
    assert CLIMATE_REF in problem.message and localised in problem.message
    assert "changes" in problem.message

    assert check_translation(CLIMATE, translated, allow_link=english_page) == []
    rejected = check_translation(CLIMATE, translated, allow_link=lambda source, target: False)
    assert codes(rejected) == ["shortcode"]


def test_named_ref_path_is_a_link_target_too() -> None:
    msgid = 'Mehr im [Lab Leads Workshop]({{< ref path="/blog/workshop.md" lang="de" >}}).'
    good = 'More at the [lab leads workshop]({{< ref path="/blog/workshop.en.md" lang="de" >}}).'
    other_lang = 'More at the [lab leads workshop]({{< ref path="/blog/workshop.md" lang="en" >}}).'
    assert check_translation(msgid, good, allow_link=english_page) == []
    problem = only(check_translation(msgid, other_lang, allow_link=english_page), "shortcode")
    assert 'lang="en"' in problem.message


# content/_index.md: a button with a target and classes around a link text.
BUTTON = '{{< button-center href="/blog" class="mt-6" >}}Zum Blog{{< /button-center >}}'


def test_shortcode_parameter_change_is_reported() -> None:
    problem = only(
        check_translation(
            BUTTON,
            '{{< button-center href="/blog" class="mt-4" >}}To the blog{{< /button-center >}}',
        ),
        "shortcode",
    )
    assert 'class="mt-6"' in problem.message and 'class="mt-4"' in problem.message


def test_shortcode_spacing_and_closing_form_may_differ() -> None:
    translated = '{{<button-center  class="mt-6"   href="/blog">}}To the blog{{</ button-center>}}'
    assert check_translation(BUTTON, translated) == []


def test_dropped_closing_shortcode_is_reported() -> None:
    problem = only(
        check_translation(BUTTON, '{{< button-center href="/blog" class="mt-6" >}}To the blog'),
        "shortcode",
    )
    assert "{{< /button-center >}}" in problem.message and "missing" in problem.message


def test_added_shortcode_is_reported() -> None:
    problem = only(check_translation(BUTTON, BUTTON + " {{< home/hexagons >}}"), "shortcode")
    assert "{{< home/hexagons >}}" in problem.message and "remove it" in problem.message


def test_percent_and_angle_delimiters_are_different_shortcodes() -> None:
    msgid = 'Siehe {{% ref "/labs" %}}.'
    assert codes(check_translation(msgid, 'See {{< ref "/labs" >}}.')) == ["shortcode"]
    assert check_translation(msgid, 'See {{% ref "/labs" %}}.') == []


def test_self_closing_shortcode() -> None:
    msgid = "Alle Labs: {{< labmap-overview />}}"
    assert check_translation(msgid, "All labs: {{< labmap-overview />}}") == []
    assert codes(check_translation(msgid, "All labs: {{< labmap-overview >}}")) == ["shortcode"]


# blog/2023-09-24-Design_Thinking_Schule.md: a multi-line figure with text parameters.
FIGURE = (
    "Danach haben die Schülerinnen und Schüler überlegt. {{< figure\n"
    'src="/blog/bielefeld/2023-design-thinking.jpg"\n'
    'attr="Meike von Code for Bielefeld im Klassenzimmer. Foto: Code for Bielefeld."\n'
    'alt="Schüler:innen im Klassenzimmer mit Tablets vor sich."\n'
    ">}}"
)


def test_text_parameters_of_a_multiline_shortcode_may_be_translated() -> None:
    translated = (
        "Then the pupils thought it over. {{< figure\n"
        'alt="Pupils in the classroom with tablets in front of them."\n'
        'src="/blog/bielefeld/2023-design-thinking.jpg"\n'
        'attr="Meike from Code for Bielefeld in the classroom. Photo: Code for Bielefeld."\n'
        ">}}"
    )
    assert check_translation(FIGURE, translated) == []
    # Only configured text parameters may change.
    assert codes(check_translation(FIGURE, translated, text_params=("alt",))) == ["shortcode"]


def test_non_text_parameter_of_a_multiline_shortcode_may_not_change() -> None:
    translated = FIGURE.replace("2023-design-thinking.jpg", "2023-design-thinking-en.jpg")
    problem = only(check_translation(FIGURE, translated), "shortcode")
    assert "2023-design-thinking.jpg" in problem.message
    assert "\n" not in problem.message


def test_backtick_and_quoted_values_compare_by_value() -> None:
    msgid = 'Bilder: {{< image-slideshow interval=`4_000` width="800px" >}}'
    assert (
        check_translation(msgid, 'Pictures: {{< image-slideshow width="800px" interval="4_000" >}}')
        == []
    )
    problem = only(
        check_translation(
            msgid, 'Pictures: {{< image-slideshow interval="5_000" width="800px" >}}'
        ),
        "shortcode",
    )
    assert "4_000" in problem.message


def test_escaped_shortcode_is_text() -> None:
    msgid = 'Einen Link schreibst du als {{</* ref "/labs" */>}} in den Text.'
    assert (
        check_translation(msgid, 'You write a link as {{</* ref "/labs" */>}} in the text.') == []
    )
    assert check_translation(msgid, "You write a link with the ref shortcode.") == []


def test_shortcodes_may_be_reordered_but_the_multiset_must_match() -> None:
    msgid = 'Die Labs in [Jena]({{< ref "/jena" >}}) und [Köln]({{< ref "/koeln" >}}).'
    assert (
        check_translation(
            msgid, 'The labs in [Cologne]({{< ref "/koeln" >}}) and [Jena]({{< ref "/jena" >}}).'
        )
        == []
    )
    problem = only(
        check_translation(
            msgid, 'The labs in [Cologne]({{< ref "/jena" >}}) and [Jena]({{< ref "/jena" >}}).'
        ),
        "shortcode",
    )
    assert '{{< ref "/koeln" >}}' in problem.message


# --------------------------------------------------------------------------- HTML tags

# content/_index.md
NETWORKS = (
    "**Wir stecken in vielen Netzwerken.** Im globalen Netzwerk von "
    '<a href="https://codeforall.org/">Code for All</a> sind wir mit '
    "Civic-Tech-Organisationen auf der ganzen Welt verbunden."
)


def test_html_tags_kept_in_reordered_translation_are_safe() -> None:
    translated = (
        "**We are part of many networks.** We are connected with civic tech organisations "
        'all over the world through the global <a href="https://codeforall.org/">Code for All</a> network.'
    )
    assert check_translation(NETWORKS, translated) == []


def test_dropped_html_end_tag_is_reported() -> None:
    translated = (
        "**We are part of many networks.** Through the global "
        '<a href="https://codeforall.org/">Code for All network, we are connected.'
    )
    problem = only(check_translation(NETWORKS, translated), "html-tag")
    assert "</a>" in problem.message and "missing" in problem.message


def test_changed_html_attribute_is_reported_and_localised_href_may_be_allowed() -> None:
    msgid = 'Mehr in unserem <a href="/blog" class="link">Blog</a>.'
    localised = 'More on our <a class="link" href="/en/blog">blog</a>.'
    problem = only(check_translation(msgid, localised), "html-tag")
    assert 'href="/blog"' in problem.message and 'href="/en/blog"' in problem.message
    assert check_translation(msgid, localised, allow_link=english_prefix) == []
    restyled = 'More on our <a class="button" href="/en/blog">blog</a>.'
    problem = only(check_translation(msgid, restyled, allow_link=english_prefix), "html-tag")
    assert 'class="link"' in problem.message


# blog/2017-02-15-open-data-day.md: a ref shortcode inside an HTML attribute.
JENA = (
    "Die Stadt Jena ist dieses Jahr offizielle Ausrichterin des Open Data Days, wir freuen "
    'uns auf diesen Fortschritt und Erfolg des <a href="{{< ref "/jena" >}}">OK Labs in Jena</a>.<br><br>'
)


def test_shortcode_inside_html_attribute() -> None:
    translated = (
        "This year the city of Jena officially hosts Open Data Day; we look forward to this "
        'progress and to the success of the <a href="{{< ref "/jena" >}}">OK Lab Jena</a>.<br><br>'
    )
    assert check_translation(JENA, translated) == []
    one_break = translated.removesuffix("<br>")
    problem = only(check_translation(JENA, one_break), "html-tag")
    assert "<br>" in problem.message


# blog/2025-07-04-out-in-the-open-june-2025.md: a title attribute is text.
CALENDAR = (
    "Mittwoch, 16.07.2025, online: <a title='Kalendereintrag Bürgerdaten' "
    "download='event.ics' href=\"data:text/calendar;base64,QkVHSU46\">&#x1F4C5;</a>"
)


def test_text_attributes_of_html_tags_may_be_translated() -> None:
    translated = (
        "Wednesday, 16 July 2025, online: <a title='Calendar entry citizen data' "
        "download='event.ics' href=\"data:text/calendar;base64,QkVHSU46\">&#x1F4C5;</a>"
    )
    assert check_translation(CALENDAR, translated) == []
    problem = only(
        check_translation(CALENDAR, translated.replace("event.ics", "e.ics")), "html-tag"
    )
    assert "event.ics" in problem.message


# blog/2017-04-27-wahlsalons.md: text of an HTML <p> block is not Markdown.
ELECTIONS = (
    "Das Thema Wahlen bewegt die Community schon seit längerem - schon 2013 organisierten "
    'Open Data Aktivisten aus Köln das Event <a href="http://wahldatenhelfer.de">Wahldatenhelfer</a>, '
    "ein Hackathon rund um die Bundestagswahl."
)


def test_html_in_plain_text_segments() -> None:
    translated = (
        "Elections have occupied the community for a long time: back in 2013, open data "
        'activists from Cologne organised <a href="http://wahldatenhelfer.de">Wahldatenhelfer</a>, '
        "a hackathon around the federal election."
    )
    assert check_translation(ELECTIONS, translated, markdown=False) == []
    problem = only(
        check_translation(ELECTIONS, translated.replace("http://", "https://"), markdown=False),
        "html-tag",
    )
    assert 'href="http://wahldatenhelfer.de"' in problem.message


def test_html_in_a_code_span_is_code_not_a_tag() -> None:
    msgid = "Ein Zeilenumbruch ist `<br>` in HTML."
    problem = only(check_translation(msgid, "A line break is `<br/>` in HTML."), "code-span")
    assert "`<br>`" in problem.message


# --------------------------------------------------------------------------- links and images

# content/_index.md
KNOWLEDGEBASE = (
    "Interessierte Verwaltungsmitarbeiter\\*innen informieren sich in der "
    "[Open Data Knowledgebase](https://opendata.okfn.de/) und kontaktieren ihre "
    "[lokale Community](/community)."
)


def test_links_kept_in_reordered_translation_are_safe() -> None:
    translated = (
        "Administrative staff who are interested contact their [local community](/community) "
        "and read up in the [Open Data Knowledgebase](https://opendata.okfn.de/)."
    )
    assert check_translation(KNOWLEDGEBASE, translated) == []


def test_changed_link_target_is_reported() -> None:
    translated = (
        "Interested administrative staff read up in the [Open Data Knowledgebase]"
        "(https://opendata.okfn.de/) and contact their [local community](/local-community)."
    )
    problem = only(check_translation(KNOWLEDGEBASE, translated), "link-target")
    assert "/community" in problem.message and "/local-community" in problem.message


def test_localised_link_target_is_safe_when_allowed() -> None:
    translated = (
        "Interested administrative staff read up in the [Open Data Knowledgebase]"
        "(https://opendata.okfn.de/) and contact their [local community](/en/community)."
    )
    assert codes(check_translation(KNOWLEDGEBASE, translated)) == ["link-target"]
    assert check_translation(KNOWLEDGEBASE, translated, allow_link=english_prefix) == []


def test_dropped_link_is_reported() -> None:
    translated = (
        "Interested administrative staff read up in the Open Data Knowledgebase and contact "
        "their [local community](/community)."
    )
    problem = only(check_translation(KNOWLEDGEBASE, translated), "link-target")
    assert "https://opendata.okfn.de/" in problem.message and "missing" in problem.message


def test_link_title_may_be_translated() -> None:
    msgid = 'Mehr auf [codefor.de](https://codefor.de/ "Startseite von Code for Germany").'
    assert (
        check_translation(
            msgid, 'More on [codefor.de](https://codefor.de/ "Code for Germany home page").'
        )
        == []
    )


# blog/2019-11-02-Launch-Verfassungsschutzberichte.de.md
AUTOLINKS = "Zur Webseite: <https://verfassungsschutzberichte.de> oder <https://vsberichte.de>"


def test_autolinks() -> None:
    assert (
        check_translation(
            AUTOLINKS,
            "To the website: <https://vsberichte.de> or <https://verfassungsschutzberichte.de>",
        )
        == []
    )
    problem = only(
        check_translation(AUTOLINKS, "To the website: <https://verfassungsschutzberichte.de>"),
        "link-target",
    )
    assert "<https://vsberichte.de>" in problem.message


# blog/2018-12-11-Wahl-Community-Rat.md: text after the shortcode belongs to the target.
CONDUCT = 'Dort haben wir unseren [Code of Conduct]({{< ref "/grundsaetze" >}}/) überarbeitet.'


def test_link_target_around_a_shortcode() -> None:
    assert (
        check_translation(
            CONDUCT, 'There we revised our [code of conduct]({{< ref "/grundsaetze" >}}/).'
        )
        == []
    )
    problem = only(
        check_translation(
            CONDUCT, 'There we revised our [code of conduct]({{< ref "/grundsaetze" >}}).'
        ),
        "link-target",
    )
    assert '{{< ref "/grundsaetze" >}}/' in problem.message


# blog/2014-05-22-gruendung-muenchen.md
MUNICH = (
    "Am 13.05 in [WERK1] hat das [OK Lab München][OKLAB] sich zum ersten Mal getroffen und sich "
    'somit "gegründet". Marcus Dapp ([OKFN Deutschland][OKFNDE]) hat das Programm vorgestellt.'
)


def test_reference_links_keep_their_labels() -> None:
    translated = (
        "On 13 May the [OK Lab Munich][OKLAB] met for the first time at [WERK1] and so was "
        '"founded". Marcus Dapp ([OKFN Germany][OKFNDE]) presented the programme.'
    )
    assert check_translation(MUNICH, translated) == []
    relabelled = translated.replace("[OKLAB]", "[OKLAB-EN]")
    problem = only(check_translation(MUNICH, relabelled), "link-target")
    assert "OKLAB" in problem.message and "[translated text][OKLAB]" in problem.message


def test_shortcut_reference_is_checked_when_the_page_defines_it() -> None:
    translated = (
        "On 13 May the [OK Lab Munich][OKLAB] met for the first time at [WORK1] and so was "
        '"founded". Marcus Dapp ([OKFN Germany][OKFNDE]) presented the programme.'
    )
    # Unknown definitions: [WERK1] might be plain text in brackets.
    assert check_translation(MUNICH, translated) == []
    problem = only(
        check_translation(MUNICH, translated, references=["WERK1", "OKLAB", "OKFNDE", "ORGA"]),
        "link-target",
    )
    assert "[WERK1]" in problem.message


# blog/2014-06-21-OK-Lab-mit-Herrn-Both.md: a collapsed reference uses its text as label.
SENATE = (
    "Zu Gast waren Wolfgang Both von der [Senatsverwaltung für Wirtschaft, Technologie und "
    "Forschung][] und verantwortlich für das [Open Data Portal Berlin][]."
)


def test_collapsed_reference_text_cannot_be_translated_without_a_label() -> None:
    naive = (
        "Our guest was Wolfgang Both of the [Senate Department for Economics, Technology and "
        "Research][], responsible for the [Open Data Portal Berlin][]."
    )
    problem = only(check_translation(SENATE, naive), "link-target")
    assert "Senatsverwaltung für Wirtschaft, Technologie und Forschung" in problem.message
    labelled = (
        "Our guest was Wolfgang Both of the [Senate Department for Economics, Technology and "
        "Research][Senatsverwaltung für Wirtschaft, Technologie und Forschung], responsible "
        "for the [Open Data Portal Berlin][]."
    )
    assert check_translation(SENATE, labelled) == []


# blog/2017-03-30-open-communities.md
IMAGE = "Eileen ![eileeng0v](/blog/eileeng0v.jpg) erzählt von ihrer Arbeit."


def test_image_alt_text_may_be_translated_but_not_its_source() -> None:
    assert (
        check_translation(
            IMAGE, "Eileen ![Eileen at work](/blog/eileeng0v.jpg) talks about her work."
        )
        == []
    )
    problem = only(
        check_translation(
            IMAGE, "Eileen ![eileeng0v](/blog/eileeng0v-en.jpg) talks about her work."
        ),
        "image-target",
    )
    assert "/blog/eileeng0v.jpg" in problem.message
    assert (
        check_translation(
            "Logo: ![Logo](/logo.png)", "Logo: ![Logo](/en/logo.png)", allow_link=english_prefix
        )
        == []
    )


# --------------------------------------------------------------------------- code spans

# labs/kaiserslautern.md
SLACK = (
    "Wir besprechen uns im [Kanal `#kaiserslautern`](https://openknowledgegermany.slack.com/"
    "messages/kaiserslautern) des OKF-Slack und per [Mail](mailto:kaiserslautern@codefor.de)."
)


def test_code_spans_are_kept_exactly() -> None:
    translated = (
        "We talk by [e-mail](mailto:kaiserslautern@codefor.de) and in the [channel `#kaiserslautern`]"
        "(https://openknowledgegermany.slack.com/messages/kaiserslautern) of the OKF Slack."
    )
    assert check_translation(SLACK, translated) == []
    problem = only(
        check_translation(SLACK, translated.replace("`#kaiserslautern`", "`#Kaiserslautern`")),
        "code-span",
    )
    assert "`#kaiserslautern`" in problem.message and "`#Kaiserslautern`" in problem.message


# projekte/2021-12-21-da-leika-tool.md
LEIKA = (
    "Der LeiKa definiert für jede Verwaltungsleistung eine eindeutige ID (z.B. `99102112000000`)."
)


def test_dropped_code_span_is_reported() -> None:
    problem = only(
        check_translation(
            LEIKA, "LeiKa defines a unique ID for every service (e.g. 99102112000000)."
        ),
        "code-span",
    )
    assert "`99102112000000`" in problem.message and "missing" in problem.message


# --------------------------------------------------------------------------- emphasis

# content/_index.md
BOLD = (
    "**Wir unterstützen Städte und Kommunen bei der Digitalisierung.** Mit Beratung, "
    "Wissensvermittlung und durch unsere kostenfrei weiterverwendbaren Open-Source-Projekte "
    "helfen wir Verwaltungsmitarbeiter\\*innen und Politiker\\*innen."
)


def test_emphasis_kept_is_safe() -> None:
    translated = (
        "**We support cities and municipalities in their digital transformation.** With "
        "advice, knowledge transfer and our free, reusable open source projects, we help "
        "administrative staff and politicians."
    )
    assert check_translation(BOLD, translated) == []
    # A translation may keep the gender star, escaped as in the source.
    assert check_translation(BOLD, translated.replace("politicians", "Politiker\\*innen")) == []


def test_unbalanced_bold_marker_is_reported() -> None:
    translated = (
        "**We support cities and municipalities in their digital transformation. With "
        "advice, knowledge transfer and our free, reusable open source projects, we help "
        "administrative staff and politicians."
    )
    problem = only(check_translation(BOLD, translated), "emphasis")
    assert "bold" in problem.message and "1" in problem.message


def test_unescaped_gender_stars_become_emphasis() -> None:
    translated = (
        "**We support cities and municipalities in their digital transformation.** We help "
        "Verwaltungsmitarbeiter*innen and Politiker*innen."
    )
    problem = only(check_translation(BOLD, translated), "emphasis")
    assert "italic" in problem.message and "\\*" in problem.message


def test_emphasis_markers_may_switch_between_star_and_underscore() -> None:
    msgid = "Das ist *wirklich* wichtig."
    assert check_translation(msgid, "That is _really_ important.") == []
    assert codes(check_translation(msgid, "That is **really** important.")) == [
        "emphasis",
        "emphasis",
    ]


def test_emphasis_is_not_checked_in_plain_text() -> None:
    assert (
        check_translation("Verwaltungsmitarbeiter*innen", "administrative *staff", markdown=False)
        == []
    )


# --------------------------------------------------------------------------- whitespace and breaks


def test_whitespace_drift() -> None:
    msgid = "Vielen Dank für diese Möglichkeit!"
    assert check_translation(msgid, "Thank you for this opportunity!") == []
    problems = check_translation(msgid, " Thank you for this opportunity! ")
    assert codes(problems) == ["whitespace", "whitespace"]
    assert "starts" in problems[0].message and "ends" in problems[1].message
    # A msgid that has the whitespace lets the translation have it.
    assert check_translation(" Danke", " Thanks") == []


# blog/2023-11-02-Gedanken-zum-Smart-City-Ranking.md: two trailing spaces make a hard break.
RANKING = (
    "Als Code for Germany ist unsere Existenz ein Faktor für den Indikator „Digitale Szene“ "
    "des Rankings.  \nNeben Code for Germany ist hier auch der Chaos Computer Club aufgeführt."
)


def test_hard_break_kept_with_either_marker_is_safe() -> None:
    first = 'As Code for Germany, our existence is a factor for the ranking\'s "digital scene" indicator.'
    second = "Besides Code for Germany, the Chaos Computer Club is listed here too."
    assert check_translation(RANKING, f"{first}  \n{second}") == []
    assert check_translation(RANKING, f"{first}\\\n{second}") == []


def test_missing_hard_break_is_reported() -> None:
    first = 'As Code for Germany, our existence is a factor for the ranking\'s "digital scene" indicator.'
    second = "Besides Code for Germany, the Chaos Computer Club is listed here too."
    problem = only(check_translation(RANKING, f"{first} {second}"), "hard-break")
    assert "1 line break" in problem.message
    problem = only(check_translation(RANKING, f"{first}\n{second}"), "hard-break")
    assert "hard line break" in problem.message and "two spaces" in problem.message


def test_added_line_break_is_reported() -> None:
    problem = only(
        check_translation("Gemeinsam die Welt verbessern", "Improving\\\nthe world together"),
        "hard-break",
    )
    assert "no line break" in problem.message


# --------------------------------------------------------------------------- properties

WORDS = st.sampled_from(
    [
        "Wir",
        "treffen",
        "uns",
        "in",
        "lokalen",
        "Labs.",
        "Open",
        "Data",
        "für",
        "alle",
        "„Zitat“",
        "z.B.",
        "10\u00a0km",
    ]
)
CONSTRUCTS = st.sampled_from(
    [
        "**fett**",
        "__fett__",
        "*kursiv*",
        "_kursiv_",
        "~~alt~~",
        "`code`",
        "`<br>`",
        "Politiker\\*innen",
        "Hacker\\*innen-Szene",
        "[lokale Community](/community)",
        '[Text](https://okfn.de "Titel")',
        "![Logo](/images/logo.png)",
        "<https://codefor.de>",
        "[OK Lab München][OKLAB]",
        "[Barbershop][]",
        '<a href="https://codeforall.org/">Code for All</a>',
        '<a href="{{< ref "/jena" >}}">OK Lab Jena</a>',
        "<br>",
        '{{< ref "/blog/2020-02-19-Code-For-Climate-Open-Data-Day.md" >}}',
        '[Labs]({{< ref "/labs" >}})',
        '{{< figure src="/x.jpg" alt="Ein Bild"\n caption="Bild" >}}',
        "{{< paragraph-center >}}",
        "{{</ paragraph-center >}}",
        '{{< button-center href="/blog" class="mt-6" />}}',
        "{{% md %}}",
        '{{</* ref "/x" */>}}',
        "Zeile\\\nZeile",
        "Zeile  \nZeile",
    ]
)
MSGIDS = st.lists(st.one_of(WORDS, CONSTRUCTS), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(MSGIDS)
def test_identity_translation_of_constructs_is_safe(msgid: str) -> None:
    assert check_translation(msgid, msgid) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_`[]()<>/{}%!\\\n\"'=#~")), max_size=40))
def test_identity_translation_of_any_text_is_safe(msgid: str) -> None:
    assert check_translation(msgid, msgid) == []
    assert check_translation(msgid, msgid, markdown=False) == []


DROPPABLE = {
    '{{< ref "/labs" >}}': "shortcode",
    "{{</ paragraph-center >}}": "shortcode",
    '<a href="https://codeforall.org/">': "html-tag",
    "[lokale Community](/community)": "link-target",
    "![Logo](/images/logo.png)": "image-target",
    "`code`": "code-span",
    "**fett**": "emphasis",
    "Zeile\\\nZeile": "hard-break",
}


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=6), st.sampled_from(sorted(DROPPABLE)), st.data())
def test_dropping_a_construct_is_reported(
    words: list[str], construct: str, data: st.DataObject
) -> None:
    position = data.draw(st.integers(0, len(words)))
    msgid = " ".join([*words[:position], construct, *words[position:]])
    msgstr = " ".join(words)
    assert DROPPABLE[construct] in codes(check_translation(msgid, msgstr))


# --------------------------------------------------------------------------- the real corpus


def corpus_paragraphs() -> list[str]:
    if not CORPUS.is_dir():
        pytest.skip("the codefor.de corpus is not next to the repository")
    paragraphs: list[str] = []
    for page in sorted(CORPUS.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    return paragraphs


@pytest.mark.corpus
def test_every_corpus_paragraph_is_safe_as_its_own_translation() -> None:
    paragraphs = corpus_paragraphs()
    assert len(paragraphs) > 5000
    unsafe = [(p[:80], problems) for p in paragraphs if (problems := check_translation(p, p))]
    assert unsafe == []


@pytest.mark.corpus
def test_dropping_markup_from_corpus_paragraphs_is_reported() -> None:
    markup = {
        "shortcode": re.compile(r"\{\{<\s*ref [^>]*>\}\}"),
        "html-tag": re.compile(r"<a\s[^>]*>"),
        "code-span": re.compile(r"`[^`\n]+`"),
    }
    checked = 0
    for paragraph in corpus_paragraphs():
        for code, pattern in markup.items():
            match = pattern.search(paragraph)
            if match and "{{</*" not in paragraph:
                dropped = paragraph[: match.start()] + paragraph[match.end() :]
                if dropped.strip():
                    checked += 1
                    assert code in codes(check_translation(paragraph, dropped)), paragraph
    assert checked > 50

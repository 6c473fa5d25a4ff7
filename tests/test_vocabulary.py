"""One vocabulary (issue 12): the codebook's words live in coding/vocabulary.yaml only, and a
misspelt word in it, or in a file that names them, is reported by file, line and field."""

import ast
from pathlib import Path

import pytest

from simulator.coding import vocabulary as v
from simulator.coding.vocabulary import Vocabulary, _checks
from simulator.yamlfile import FileProblems, load_model

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "simulator"


def _kinds() -> dict[str, set[str]]:
    voc = v.vocabulary()
    return {"codes": set(voc.codes), "tags": set(voc.tags), "roles": set(voc.roles),
            "steps": set(voc.steps), "course_phases": set(voc.course_phases)}


def _listed_names(node: ast.AST) -> set[str] | None:
    """The strings a literal lists: a tuple's, list's or set's items, a dict's keys."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = node.elts
    elif isinstance(node, ast.Dict):
        items = [k for k in node.keys if k is not None]
    else:
        return None
    return {i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)}


def second_lists(path: Path, kinds: dict[str, set[str]], root: Path = ROOT) -> list[str]:
    """Literals naming more than half of one kind's words (at least three): a hand-written
    copy of the vocabulary. A rule naming a few codes ({"open_question", "reflection"}) is not."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = _listed_names(node)
        if not names:
            continue
        for kind, words in kinds.items():
            hit = names & words
            if len(hit) >= 3 and 2 * len(hit) > len(words):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {kind}: {sorted(hit)}")
    return found


def test_no_second_list_of_the_vocabulary_in_the_sources():
    kinds = _kinds()
    found = [hit for path in sorted(SOURCES.rglob("*.py")) for hit in second_lists(path, kinds)]
    assert not found, "read these from simulator.coding.vocabulary instead:\n" + "\n".join(found)


def test_the_scan_finds_a_copied_list(tmp_path):
    copy = tmp_path / "copy.py"
    copy.write_text('STEPS = ("establish_contact", "unfold_story", "set_goal", "develop")\n'
                    'RULE = {"open_question", "reflection"}\n'
                    'COLOURS = {"lytteren": 1, "den_erfarne": 2, "traeneren": 3}\n', encoding="utf-8")
    found = second_lists(copy, _kinds(), tmp_path)
    assert [f.split(": ")[1] for f in found] == ["steps", "roles"]


def test_the_lists_are_in_codebook_order_and_everyone_reads_them():
    from simulator.coding.coder import PRIMARY_ORDER
    from simulator.coding.context import ROLES, STEPS, boundary_tags
    from simulator.scenario import models
    from simulator.scoring import figures

    assert v.CODES[:3] == ("open_question", "closed_question", "reflection") and "pause" not in v.CODES
    assert PRIMARY_ORDER[0] == "ask_permission" and sorted(PRIMARY_ORDER) == sorted(v.CODES)
    assert v.STEPS == STEPS == ("establish_contact", "unfold_story", "set_goal", "develop", "round_off")
    assert v.ROLES == ROLES and v.COURSE_PHASES[0] == "afklaring" and v.COURSE_PHASES[-1] == "afslutning"
    assert models.CODES is v.CODES and models.TAGS is v.TAGS and models.COURSE_PHASES is v.COURSE_PHASES
    assert boundary_tags() == figures.BOUNDARY == v.BOUNDARY_TAGS
    assert set(v.BOUNDARY_TAGS) <= set(models.FIGURES) and set(v.BOUNDARY_TAGS) <= set(models.BETTER_KEYS)
    assert v.BOUNDARY_TAGS[-1] == "culture_probe"  # counted in some phases only, listed last
    assert "culture_probe" not in v.counted_boundaries("den_lange_bane")


def _broken(tmp_path, old: str, new: str) -> str:
    text = v.VOCABULARY_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FileProblems) as err:
        load_model(path, Vocabulary, _checks)
    return str(err.value)


def test_a_misspelt_phase_in_the_vocabulary_names_file_line_and_field(tmp_path):
    msg = _broken(tmp_path, "counts_in: [afklaring, maal_og_retning]", "counts_in: [afklaring, mal_og_retning]")
    line = next(i for i, t in enumerate(v.VOCABULARY_FILE.read_text(encoding="utf-8").splitlines(), 1)
                if "counts_in: [" in t)
    assert msg == (f"{tmp_path / 'vocabulary.yaml'}:{line}: tags.culture_probe.counts_in[1]: "
                   "unknown course phase 'mal_og_retning' (did you mean 'maal_og_retning'?)")


def test_an_unknown_field_and_a_repeated_rank_are_named(tmp_path):
    msg = _broken(tmp_path, "pity: {da: \"Grænse: offerrolle\", en: \"Boundary: pity\", section: Vær åben og sæt grænser, boundary: true}",
                  "pity: {da: \"Grænse: offerrolle\", en: \"Boundary: pity\", section: Vær åben og sæt grænser, boundry: true}")
    assert "tags.pity.boundry: unknown field (did you mean 'boundary'?)" in msg
    assert "codes: the ranks must be 1 to 10" in _broken(tmp_path, "rank: 9,", "rank: 8,")


def _lexicon_with(folder, old: str, new: str) -> tuple[str, int]:
    """da.yaml with one line changed, loaded from `folder`/lexicons: the error and the line."""
    from simulator.coding.lexicon import LEXICON_DIR, LexiconError, load_lexicon_file

    lines = (LEXICON_DIR / "da.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if old in line)
    lines[n] = lines[n].replace(old, new)
    path = folder / "lexicons" / "da.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon_file(path)
    return str(err.value), n + 1


def test_a_misspelt_code_in_a_lexicon_names_file_line_and_the_right_code(tmp_path):
    msg, line = _lexicon_with(tmp_path, "- code: open_question", "- code: open_questoin")
    assert msg.startswith(f"{tmp_path}/lexicons/da.yaml:{line}: codes[")
    assert msg.endswith(".code: unknown code 'open_questoin' (did you mean 'open_question'?)")


def test_a_misspelt_tag_step_or_tag_code_in_a_lexicon_is_named(tmp_path):
    msg, line = _lexicon_with(tmp_path, "  culture_probe:", "  culture_prob:")
    assert msg == f"{tmp_path}/lexicons/da.yaml:{line}: tags.culture_prob: unknown tag 'culture_prob' (did you mean 'culture_probe'?)"
    msg, line = _lexicon_with(tmp_path / "b", "  round_off:", "  round_of:")
    assert msg == f"{tmp_path}/b/lexicons/da.yaml:{line}: steps.round_of: unknown step 'round_of' (did you mean 'round_off'?)"
    msg, line = _lexicon_with(tmp_path / "c", "codes: [", "codes: [refelction, ")
    assert f"lexicons/da.yaml:{line}: tags." in msg and ".codes[0]: unknown code 'refelction' (did you mean 'reflection'?)" in msg


def test_a_pattern_that_does_not_compile_is_placed_by_line_and_field(tmp_path):
    msg, line = _lexicon_with(tmp_path, "  round_off:", "  round_off:\n    - '[bad'")
    assert msg == (f"{tmp_path}/lexicons/da.yaml:{line + 1}: steps.round_off[0]: "
                   "bad pattern '[bad': unterminated character set at position 0")

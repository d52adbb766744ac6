"""Text as scraped: encodings detected (--encoding auto), --fix-text, and the --max-bytes limit."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe_article import CleanConfig, clean_article
from dedupe_article.cli import cli
from dedupe_article.io import decode_text, detect_encoding
from dedupe_article.textfix import MissingDependencyError, repair_text


def run(args: list[str], stdin: bytes | None = None):
    return CliRunner().invoke(cli, args, input=stdin)


# Long enough for detection to be sure: a few sentences, as an article has.
TEXTS = {
    "cp1252": (
        "Café à Paris… « L’été sera chaud », a déclaré jeudi la directrice de la météo nationale.\n"
        "Les élèves étaient très contents : ça fait déjà trois ans qu’ils attendent ces vacances-là.\n"
        "Où iront-ils ? À la mer, à la montagne ou chez leurs grands-parents à la campagne.\n"
    ),
    "latin-1": (
        "Der Bürgermeister der Stadt München hat am Montag über die neue Straßenbahnlinie gesprochen.\n"
        "Größere Änderungen am Fahrplan folgen im nächsten Jahr, sagte er vor dem Gemeinderat.\n"
        "Die Bürger können ihre Meinung bis zum Ende des Monats äußern.\n"
    ),
    "gb18030": (
        "北京时间昨天晚上，中国科学院发布了一份关于气候变化的重要报告。\n"
        "研究人员表示，未来十年全国的平均温度将继续上升，北方地区的降水也会明显减少。\n"
        "报告建议各地政府尽快制定应对措施，加强水资源管理和防灾减灾能力建设。\n"
    ),
    "shift_jis": (
        "東京都の新しい図書館は来月から一般公開される予定です。\n"
        "市民の皆さんは無料で利用でき、子ども向けの読み聞かせ会も毎週開かれます。\n"
        "館長は「多くの人に本と出会う場所として使ってほしい」と話しています。\n"
    ),
}


@pytest.mark.parametrize("codec", sorted(TEXTS))
def test_text_in_another_encoding_is_detected_and_read_right(tmp_path: Path, codec: str) -> None:
    text = TEXTS[codec]
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(codec))
    decoded = decode_text(path.read_bytes(), name=str(path))
    assert decoded.text == text
    assert decoded.detected
    result = run(["clean", str(path)])
    assert result.exit_code == 0
    assert result.stdout == text
    assert result.stderr == f"dedupe-article: {path}: not UTF-8, read as {decoded.encoding} (detected)\n"


def test_cp1252_article_with_a_repeat_is_cleaned_and_the_encoding_reported(tmp_path: Path) -> None:
    first = TEXTS["cp1252"].splitlines()[0]
    path = tmp_path / "article.txt"
    path.write_bytes(f"{first}\nVer originales\n{first}\n".encode("cp1252"))
    result = run(["clean", str(path), "--report", str(tmp_path / "report.jsonl")])
    assert result.exit_code == 0
    assert result.stdout == f"{first}\n"
    assert result.stderr == f"dedupe-article: {path}: not UTF-8, read as cp1252 (detected)\n"
    records = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["index"], r["encoding"], r["encoding_detected"]) for r in records] == [
        (1, "cp1252", True),
        (2, "cp1252", True),
    ]
    assert records[1]["text"] == first


def test_utf8_files_report_no_encoding(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    line = "Une phrase assez longue pour être un paragraphe du corps de l’article, en UTF-8."
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    result = run(["clean", str(path), "--report", str(tmp_path / "report.jsonl")])
    assert result.stderr == ""
    record = json.loads((tmp_path / "report.jsonl").read_text(encoding="utf-8"))
    assert "encoding" not in record


def test_quiet_hides_the_encoding_note(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXTS["cp1252"].encode("cp1252"))
    result = run(["clean", "-q", str(path)])
    assert (result.exit_code, result.stderr) == (0, "")


def test_standard_input_is_detected_too() -> None:
    result = run(["clean"], stdin=TEXTS["latin-1"].encode("latin-1"))
    assert result.exit_code == 0
    assert result.stdout == TEXTS["latin-1"]
    assert result.stderr == "dedupe-article: <stdin>: not UTF-8, read as cp1252 (detected)\n"


def test_encoding_utf8_is_strict(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Año nuevo, vida nueva.\n".encode("latin-1"))
    result = run(["clean", "--encoding", "utf-8", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"dedupe-article: {path}: not valid UTF-8 at byte 1 (use --encoding or --errors replace)\n"


def test_utf8_with_a_bad_byte_is_not_taken_for_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    data = "Les élèves étaient très contents de la météo.\n".encode() + b"Un octet \xff perdu.\n"
    path.write_bytes(data)
    result = run(["clean", str(path)])
    assert result.exit_code == 1
    bad = data.index(b"\xff")
    assert (
        result.stderr == f"dedupe-article: {path}: not valid UTF-8 at byte {bad} (use --encoding or --errors replace)\n"
    )
    replaced = run(["clean", "--errors", "replace", str(path)])
    assert replaced.exit_code == 0
    assert (
        replaced.stdout == "Les élèves étaient très contents de la météo.\nUn octet \N{REPLACEMENT CHARACTER} perdu.\n"
    )


def test_binary_input_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"PK\x03\x04\x00\x00\xe9\xff binary")
    result = run(["clean", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"dedupe-article: {path}: contains NUL bytes, looks binary (use --errors replace to clean it anyway)\n"
    )


def test_unknown_encoding_is_one_usage_error(tmp_path: Path) -> None:
    paths = []
    for name in ("a.txt", "b.txt"):
        paths.append(tmp_path / name)
        paths[-1].write_text("Text.\n", encoding="utf-8")
    result = run(["clean", "--encoding", "klingon", *map(str, paths)])
    assert result.exit_code == 2
    assert result.stderr.count("unknown encoding 'klingon'") == 1
    assert result.stdout == ""


def test_detect_encoding_answers() -> None:
    assert detect_encoding("Año nuevo, vida nueva".encode("latin-1")) == "cp1252"
    assert detect_encoding("Año nuevo, vida nueva".encode() + b"\xff") == "utf-8"
    assert detect_encoding(b"only ascii") == "ascii"


# --- --fix-text -------------------------------------------------------------------------

PARAGRAPH = "Les élèves de l’école Jean-Moulin & leurs parents ont visité le musée d’Orsay à Paris jeudi."
DAMAGED = PARAGRAPH.encode("utf-8").decode("cp1252").replace("&", "&amp;").replace(" à ", " &agrave;&nbsp;")


def test_repair_text_undoes_mojibake_and_entities() -> None:
    assert "Ã©" in DAMAGED and "&amp;" in DAMAGED
    assert repair_text(DAMAGED).replace("\N{NO-BREAK SPACE}", " ") == PARAGRAPH


def test_fix_text_finds_a_damaged_copy_as_a_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(f"{PARAGRAPH}\n{DAMAGED}\n", encoding="utf-8")
    without = run(["clean", str(path)])
    assert without.exit_code == 0
    assert without.stdout == f"{PARAGRAPH}\n{DAMAGED}\n"
    fixed = run(["clean", "--fix-text", "--explain", str(path)])
    assert fixed.exit_code == 0
    assert fixed.stdout == f"{PARAGRAPH}\n"
    removal = json.loads(fixed.stderr)
    assert (removal["index"], removal["reason"], removal["duplicate_of"]) == (1, "near_duplicate", 0)


def test_fix_text_keeps_the_repaired_text() -> None:
    result = clean_article(f"{DAMAGED}\n", CleanConfig(fix_text=True))
    assert result.text.replace("\N{NO-BREAK SPACE}", " ") == f"{PARAGRAPH}\n"
    assert clean_article(f"{DAMAGED}\n").text == f"{DAMAGED}\n"


def test_fix_text_from_a_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "article.txt"
    path.write_text(f"{PARAGRAPH}\n{DAMAGED}\n", encoding="utf-8")
    (tmp_path / "dedupe-article.toml").write_text("fix-text = true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CleanConfig.from_file(tmp_path / "dedupe-article.toml").fix_text is True
    assert run(["clean", str(path)]).stdout == f"{PARAGRAPH}\n"
    assert run(["clean", "--no-fix-text", str(path)]).stdout == f"{PARAGRAPH}\n{DAMAGED}\n"


def test_fix_text_without_ftfy_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ftfy", None)  # import ftfy now raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'dedupe-article\[fix\]'") as info:
        CleanConfig(fix_text=True)
    assert isinstance(info.value, MissingDependencyError)
    path = tmp_path / "a.txt"
    path.write_text("Text.\n", encoding="utf-8")
    result = run(["clean", "--no-config", "--fix-text", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        "dedupe-article: fix_text needs ftfy, which is not installed: pip install 'dedupe-article[fix]'\n"
    )


# --- --max-bytes ------------------------------------------------------------------------


def test_a_file_over_max_bytes_is_refused_with_the_limit_named(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("A line of text that is long enough.\n" * 10, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("Short.\n", encoding="utf-8")
    result = run(["clean", "--max-bytes", "100", str(big), str(small)])
    assert result.exit_code == 1
    assert result.stdout == f"==> {small} <==\nShort.\n"
    assert result.stderr == (
        f"dedupe-article: {big}: 360 bytes is over --max-bytes 100 (split the file, or raise the limit; 0 means none)\n"
    )
    assert run(["clean", "--max-bytes", "1K", str(big)]).exit_code == 0
    assert run(["clean", "--max-bytes", "0", str(big)]).exit_code == 0


def test_standard_input_over_max_bytes_is_refused() -> None:
    result = run(["clean", "--max-bytes", "10"], stdin=b"A line of text that is long enough.\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "<stdin>: more bytes than --max-bytes 10" in result.stderr


def test_max_bytes_does_not_apply_to_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": 1, "text": "A line of text that is long enough."}) + "\n", encoding="utf-8")
    assert run(["clean", "--max-bytes", "10", str(path)]).exit_code == 0


def test_bad_max_bytes_is_a_usage_error() -> None:
    result = run(["clean", "--max-bytes", "lots"])
    assert result.exit_code == 2
    assert "'lots' is not a size in bytes" in result.stderr


def test_a_huge_single_line_is_cleaned_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedupe_article import batch, keys

    monkeypatch.setattr(batch, "_ONE_LINE_CUT", 10)
    monkeypatch.setattr(keys, "LONG_TEXT", 16)
    line = "Une ligne « très » longue,  sans   retour… " * 20
    path = tmp_path / "one.txt"
    path.write_text(line + "\n\n", encoding="utf-8")
    result = run(["clean", "--explain", str(path)])
    assert result.exit_code == 0
    assert result.stdout == line.rstrip() + "\n"
    path.write_text(line.rstrip() + "\n", encoding="utf-8")
    inode = path.stat().st_ino
    assert run(["clean", "-i", str(path)]).exit_code == 0
    assert path.stat().st_ino == inode  # unchanged, so not rewritten


def test_fix_text_reaches_json_lines_records(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"id": 1, "text": f"{PARAGRAPH}\n{DAMAGED}"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    result = run(["clean", "--fix-text", str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == PARAGRAPH

"""Score ``clean_article`` on the pagebench folder of real pages, per rendering, as Markdown.

The folder is read in place (never copied into the project); the metrics are those of
``/work/shared/tools/score_pages.py`` (see ``benchmarks/pagebench.py``). Each rendering gets a
table: pages, sh token precision / recall / F1 (mean over sh pages), tf must-keep snippets found,
must-remove snippets gone (means over tf pages), tf pages losing kept text (count and share) and
cleaning seconds; with ``--by`` one row per fold or language. Folds are by site (sha1 of the
site), so all pages of one site share one.

Usage::

    python benchmarks/pages.py /work/shared/pagebench                         # 3 renderings, page_chrome="auto"
    python benchmarks/pages.py /work/shared/pagebench --render inscriptis --page on --unwrap
    python benchmarks/pages.py /work/shared/pagebench --by language --sets tf --json rows.json
    python benchmarks/pages.py /work/shared/pagebench --identity              # the rendering unchanged
    python benchmarks/pages.py /work/shared/pagebench --models DIR            # held-out learned page models

``--models DIR`` cleans each page of fold k with ``CleanConfig(page_model=M)`` where
``M = dedupe_article.page_model.load_model(DIR / "fold-<k>.json")``, a model trained without
fold k. On html2text the token scores count link URLs: compare precision and F1 only within it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from pathlib import Path
from typing import Any

from pagebench import Page, evaluate, load_pages, summarise

from dedupe_article import CleanConfig, clean_article


def model_loader(folder: Path) -> Any:
    """A function giving the learned page model of a fold (loaded once), or a clear exit."""
    try:
        from dedupe_article.page_model import load_model
    except ImportError as exc:
        sys.exit(f"--models needs dedupe_article.page_model.load_model, which this package lacks ({exc})")
    if "page_model" not in {f.name for f in dataclasses.fields(CleanConfig)}:
        sys.exit("--models needs CleanConfig(page_model=...), which this package lacks")
    models: dict[int, Any] = {}

    def model(fold: int) -> Any:
        if fold not in models:
            path = folder / f"fold-{fold}.json"
            if not path.is_file():
                sys.exit(f"--models: no model for fold {fold}: {path} is missing")
            models[fold] = load_model(path)
        return models[fold]

    return model


def cleaner(args: argparse.Namespace) -> Any:
    """The ``clean(page, text)`` function the options ask for."""
    if args.identity:
        return lambda page, text: text
    options: dict[str, Any] = {"page_chrome": True if args.page == "on" else "auto", "unwrap": args.unwrap}
    if args.page_model and not args.models:
        options["page_model"] = args.page_model
    if not args.models:
        config = CleanConfig(**options)
        return lambda page, text: clean_article(text, config=config).text
    model = model_loader(Path(args.models))
    configs: dict[int, CleanConfig] = {}

    def clean(page: Page, text: str) -> str:
        if page.fold not in configs:
            configs[page.fold] = CleanConfig(**options, page_model=model(page.fold))
        return clean_article(text, config=configs[page.fold]).text

    return clean


def fmt(value: float, digits: int = 3) -> str:
    return "-" if math.isnan(value) else f"{value:.{digits}f}"


def table(summary: dict[Any, dict[str, Any]], by: str | None) -> str:
    """A Markdown table of a summary, one row per group."""
    head = (
        f"| {by or 'set'} | pages | sh P | sh R | sh F1 | sh headline kept | tf keep found | tf remove gone "
        "| losing kept | secs |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for key, s in summary.items():
        losing = f"{s['losing']} ({fmt(100 * s['losing_share'], 1)}%)" if s["tf"] else "-"
        lines.append(
            f"| {key} | {s['pages']} ({s['sh']} sh, {s['tf']} tf) | {fmt(s['p'])} | {fmt(s['r'])} | {fmt(s['f'])} "
            f"| {s['headlines'][0]} of {s['headlines'][1]} "
            f"| {fmt(s['with'])} | {fmt(s['without'])} | {losing} | {s['seconds']:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("data", type=Path, help="the pagebench folder (manifest.json, sh/, tf/)")
    ap.add_argument("--render", default="inscriptis,gettext,html2text", help="renderings, comma-separated")
    ap.add_argument("--page", choices=["auto", "on"], default="auto", help='page_chrome "auto" or True')
    ap.add_argument("--unwrap", action="store_true", help="CleanConfig(unwrap=True)")
    ap.add_argument("--identity", action="store_true", help="score the rendering unchanged")
    ap.add_argument("--by", choices=["fold", "language", "set"], help="one row per group")
    ap.add_argument("--sets", default="sh,tf", help="page sets, comma-separated")
    ap.add_argument("--models", help="folder of fold-<k>.json learned page models (held-out folds)")
    ap.add_argument("--page-model", help="CleanConfig(page_model=...): layout, learned or a model file")
    ap.add_argument("--json", type=Path, help="write the per-page rows here")
    args = ap.parse_args(argv)
    if args.identity and args.models:
        ap.error("--identity and --models do not go together")
    if args.page_model and (args.models or args.identity):
        ap.error("--page-model goes with neither --models nor --identity")

    pages = load_pages(args.data, args.sets.split(","))
    clean = cleaner(args)
    label = "identity" if args.identity else f"clean_article(page_chrome={args.page}, unwrap={args.unwrap})"
    if args.page_model:
        label = label[:-1] + f", page_model={args.page_model!r})"
    if args.models:
        label += f" with held-out page models from {args.models}"
    all_rows: dict[str, list[dict[str, Any]]] = {}
    for render in args.render.split(","):
        rows = evaluate(pages, render, clean)
        all_rows[render] = rows
        print(f"\n### {render}: {label}\n")
        print(table(summarise(rows), None))
        if args.by:
            print()
            print(table(summarise(rows, args.by), args.by))
    if args.json:
        args.json.write_text(json.dumps(all_rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Each binding's hand-written Rust as a share of dg-core's (issue 15's "thin bindings" measure).

    python3 scripts/binding-share.py            # one line per binding
    python3 scripts/binding-share.py dg-py      # and that binding's files, largest first

Counted: non-blank lines that are not `//` comments, in `src/**/*.rs`, leaving out generated
files (any folder named `generated`), tests (`tests.rs`, `tests/` folders, and a file's trailing
`#[cfg(test)] mod tests`). The target is at most 15% for every binding.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def counted_lines(path: Path) -> int:
    n = 0
    lines = path.read_text().split("\n")
    for i, line in enumerate(lines):
        text = line.strip()
        if text.startswith("#[cfg(test)]") and i + 1 < len(lines) and "mod tests" in lines[i + 1]:
            break
        if text and not text.startswith("//"):
            n += 1
    return n


def count(src: Path) -> dict[Path, int]:
    files = {}
    for path in sorted(src.rglob("*.rs")):
        parts = path.relative_to(src).parts
        if "generated" in parts or "tests" in parts[:-1] or path.name == "tests.rs":
            continue
        files[path] = counted_lines(path)
    return files


def main() -> int:
    core = sum(count(ROOT / "crates" / "dg-core" / "src").values())
    print(f"dg-core {core} lines")
    worst = 0.0
    for binding in ("dg-py", "dg-node", "dg-ffi"):
        files = count(ROOT / "bindings" / binding / "src")
        share = 100 * sum(files.values()) / core
        worst = max(worst, share)
        print(f"{binding} {sum(files.values())} lines, {share:.1f}% of dg-core")
        if binding in sys.argv[1:]:
            for path, n in sorted(files.items(), key=lambda item: -item[1]):
                print(f"  {n:5} {path.relative_to(ROOT)}")
    return 0 if worst <= 15.0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Remake the PNGs in docs/images: the sample report as PDF (WeasyPrint) and as DOCX (LibreOffice), pages 1–2.

Run from the repository root: ``.venv/bin/python docs/images/make_images.py``. Needs poppler-utils
(pdftoppm) and, for the DOCX picture, LibreOffice (``libreoffice-writer-nogui``). LibreOffice is told, through
a fontconfig file, to draw the 公文 fonts the document names (方正小标宋简体, 仿宋_GB2312, 黑体) with the Noto
CJK faces, the same fallbacks the font table of the DOCX and the CSS of the PDF name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from gongkai.parsers import read  # noqa: E402
from gongkai.renderers import docx as docx_writer  # noqa: E402
from gongkai.renderers import pdf as pdf_writer  # noqa: E402

SAMPLE = ROOT / "tests/data/sample-2020-shangdang-sifaju.txt"

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{aliases}
</fontconfig>
"""
ALIASES = {
    "Noto Serif CJK SC": [*docx_writer.TITLE_FONTS[:-1], *docx_writer.BODY_FONTS[:-1]],
    "Noto Sans CJK SC": list(docx_writer.HEADING_FONTS[:-1]),
}


def fontconfig_file(directory: Path) -> Path:
    """A fontconfig file mapping the 公文 font names to the Noto CJK faces."""
    aliases = "\n".join(
        f'  <alias binding="same"><family>{name}</family><prefer><family>{target}</family></prefer></alias>'
        for target, names in ALIASES.items()
        for name in names
    )
    path = directory / "fonts.conf"
    path.write_text(FONTS_CONF.format(aliases=aliases), encoding="utf-8")
    return path


def docx_to_pdf(docx: Path, outdir: Path) -> Path:
    """Convert with LibreOffice headless (a private profile, the fontconfig aliases)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed")
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(outdir)), "HOME": str(outdir)}
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{outdir}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(docx)],
        check=True, env=env, capture_output=True, timeout=180,
    )  # fmt: skip
    return outdir / (docx.stem + ".pdf")


def page_png(pdf: Path, target: Path, page: int, dpi: int = 80) -> None:
    """Page ``page`` of ``pdf`` as ``target`` (PNG)."""
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
        check=True, timeout=60,
    )  # fmt: skip


def main() -> None:
    report = read(SAMPLE).report
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pdf = work / "sample.pdf"
        pdf.write_bytes(pdf_writer.render(report))
        for page in (1, 2):
            page_png(pdf, HERE / f"sample-2020-pdf-page{page}.png", page)
        docx = work / "sample.docx"
        docx.write_bytes(docx_writer.render(report))
        converted = docx_to_pdf(docx, work)
        for page in (1, 2):
            page_png(converted, HERE / f"sample-2020-docx-page{page}.png", page)


if __name__ == "__main__":
    main()

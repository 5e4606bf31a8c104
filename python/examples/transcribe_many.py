"""Transcribe several files at once with the AsyncClient, giving up after a deadline.

    DEEPGRAM_API_KEY=... python examples/transcribe_many.py FILE... [--base-url URL]
"""

from __future__ import annotations

import argparse
import asyncio

import dg


async def transcribe_all(paths: list[str], base_url: str | None) -> list[str | None]:
    async with dg.AsyncClient(base_url=base_url, retries=1) as client:
        calls = [client.transcribe_file(p, model="nova-3", smart_format=True) for p in paths]
        answers = await asyncio.wait_for(asyncio.gather(*calls), timeout=600)
        return [a.transcript for a in answers]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--base-url")
    args = parser.parse_args()
    for path, transcript in zip(args.files, asyncio.run(transcribe_all(args.files, args.base_url))):
        print(f"{path}: {transcript}")


if __name__ == "__main__":
    main()

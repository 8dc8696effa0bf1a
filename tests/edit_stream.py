"""A child process for the crash test: saves edits one after another and prints `ack N` after each
commit, until it is killed. Run as: python -m tests.edit_stream DATABASE_URL"""

import asyncio
import sys

from bot.core.editing import Editor
from bot.core.service import KnowledgeService
from bot.core.storage.database import make_engine, make_sessionmaker, upgrade
from bot.core.storage.repository import Repository


async def main(url: str) -> None:
    engine = make_engine(url)
    await upgrade(engine)
    repo = Repository(make_sessionmaker(engine))
    service = KnowledgeService(repo)
    await service.reload()
    editor = Editor(repo, service)
    entry = await repo.get("us-naruto")
    assert entry is not None
    number = entry.revision
    while True:
        saved = await editor.update(
            "us-naruto",
            {"summary": f"Edit number {number + 1}. " * 20},
            base=number,
            author="stream",
            reason=f"edit {number + 1}",
        )
        number = saved.entry.revision
        print(f"ack {number}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))

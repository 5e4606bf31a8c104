"""Create a short-lived key, use it, list the project's keys, and delete it.

    DEEPGRAM_API_KEY=... python examples/keys.py [BASE_URL]
"""

from __future__ import annotations

import sys

import dg


def main(base_url: str | None = None) -> None:
    with dg.Client(base_url=base_url) as admin:
        project = admin.projects.list()[0]
        key = admin.keys.create(
            project.project_id, comment="example", scopes=["usage:write"], time_to_live_in_seconds=300
        )
        print(f"created {key!r}")  # the secret shows as [redacted]
        try:
            with dg.Client(api_key=key.secret.reveal(), base_url=base_url) as scoped:
                try:
                    scoped.keys.list(project.project_id)
                except dg.PermissionDeniedError as e:
                    print(f"as expected, usage:write cannot list keys: {e.message}")
            for entry in admin.keys.list(project.project_id, status="active"):
                print(entry.api_key.api_key_id, entry.api_key.comment, list(entry.api_key.scopes))
        finally:
            print(admin.keys.delete(project.project_id, key.api_key_id).message)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)

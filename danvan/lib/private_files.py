"""Owner-only files and folders: the data directory, the SQLite file and the uploads hold protected data."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
PRIVATE_UMASK = 0o077  # what a process holding protected data creates is readable by its user only


def restrict_umask() -> None:
    """Make every file and folder this process (and its children) creates owner-only."""
    os.umask(PRIVATE_UMASK)


def make_private_dir(path: Path) -> None:
    """Create the folder owner-only (0700), or take away others' access to an existing one."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(PRIVATE_DIR_MODE)


def make_private_file(path: Path) -> None:
    """Take away others' access to an existing file (0600); a missing file is left alone."""
    try:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(PRIVATE_FILE_MODE)
    except FileNotFoundError:
        pass

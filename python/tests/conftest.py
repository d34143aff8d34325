"""Shared fixtures for the pilot front-end tests."""

from pathlib import Path
from typing import Callable

import pytest

from pilot import tools


def _require(name: str) -> Path:
    """Path of the tool ``name``; fails the calling test when it is not built."""
    try:
        return tools.find_tool(name)
    except tools.ToolNotFoundError as err:
        message = str(err)
    pytest.fail(f"{message}\nBuild first (cmake + ninja) to run the `tools` tests.",
                pytrace=False)


@pytest.fixture
def require_tool() -> Callable[[str], Path]:
    """``require_tool(name)`` returns the tool's path, or FAILS the test (never
    skips) when it has not been built. Use it in tests marked ``tools``."""
    return _require

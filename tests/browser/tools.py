"""Where the checkers live, and what a missing one means.

On a laptop without Chromium, Java or the npm checkers a check is skipped with the reason. In CI
(``CI=true``) a missing tool fails the test instead: a skipped check there would pass unseen.
"""

import os
import shutil
from pathlib import Path

import pytest

BROWSER_DIR = Path(__file__).resolve().parent
REPO = BROWSER_DIR.parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
VNU_JAR = BROWSER_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "artifacts" / "screenshots"
NPM_HINT = "run `npm ci --prefix tests/browser`"

# Flags for Debian's chromium in containers; nothing is fetched from the network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(present: bool, what: str, hint: str) -> None:
    """Skip (laptop) or fail (CI) when a tool the check needs is missing."""
    if present:
        return
    if in_ci():
        pytest.fail(f"{what} is missing and CI=true, so the check must run: {hint}", pytrace=False)
    pytest.skip(f"{what} is missing: {hint}")


def require_java_and_vnu() -> str:
    java = shutil.which("java")
    require(java is not None, "Java (for the Nu HTML checker)",
            "install a Java runtime (apt-get install default-jre-headless)")
    require(VNU_JAR.is_file(), "the Nu HTML checker (npm vnu-jar)", NPM_HINT)
    return java


def screenshot_path(*parts: str) -> Path:
    path = SCREENSHOTS.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path

"""Check that the lock files still match the ranges they were generated from (`make lock`).

Every requirement in requirements.txt and requirements-dev.txt must be pinned in its lock file
at a version its range allows, every pin must carry hashes, and the dev lock must pin the
runtime packages exactly as the runtime lock does. Offline and fast: it resolves nothing.
"""

import re
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)")


def read_requirements(path):
    """The requirements in a requirements file, following `-r` includes."""
    found = []
    for raw in (ROOT / path).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            found += read_requirements(line[3:].strip())
        elif not line.startswith("-"):
            found.append(Requirement(line))
    return found


def read_lock(path):
    """{canonical name: version} from a pip-compile lock, and the names pinned without a hash."""
    pins, unhashed = {}, []
    lines = (ROOT / path).read_text().splitlines()
    for number, line in enumerate(lines):
        match = PIN.match(line)
        if not match:
            continue
        name = canonicalize_name(match.group(1))
        pins[name] = match.group(2)
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if "--hash=sha256:" not in line and "--hash=sha256:" not in following:
            unhashed.append(name)
    return pins, unhashed


def check(requirements_file, lock_file):
    problems = []
    if not (ROOT / lock_file).exists():
        return [f"{lock_file} is missing: run `make lock`"]
    pins, unhashed = read_lock(lock_file)
    for requirement in read_requirements(requirements_file):
        version = pins.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{lock_file}: {requirement.name} is not pinned (run `make lock`)")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(
                f"{lock_file}: {requirement.name}=={version} is outside {requirement.specifier} "
                "(run `make lock`)"
            )
    problems += [f"{lock_file}: {name} has no hash (run `make lock`)" for name in unhashed]
    return problems


def main():
    problems = check("requirements.txt", "requirements.lock")
    problems += check("requirements-dev.txt", "requirements-dev.lock")
    if not problems:
        runtime, _ = read_lock("requirements.lock")
        dev, _ = read_lock("requirements-dev.lock")
        problems += [
            f"requirements-dev.lock pins {name}=={dev[name]}, requirements.lock {version} (run `make lock`)"
            for name, version in runtime.items()
            if dev.get(name) != version
        ]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

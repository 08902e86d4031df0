"""What the importer raises: a file it cannot read, a mapping that does not fit the file."""

from __future__ import annotations


class UnusableFile(Exception):  # noqa: N818 - reads as "raise UnusableFile(message)"
    """The file cannot be read as an incident export; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class MappingError(ValueError):
    """A mapping that does not fit the file; `problems` lists what is wrong, for a person."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))

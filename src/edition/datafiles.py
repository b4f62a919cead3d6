"""Reading the edition's data files, and saying exactly where they are wrong.

Every editorial decision lives in a YAML file under ``data/`` that an editor
can read and change.  When such a file is wrong, the reader of the error
message must be able to go straight to the place: so every value loaded here
remembers the line it came from, every file is checked against its JSON
Schema in ``data/schemas/``, and every error names file, line and field.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml


class EditionError(Exception):
    """Bad input: a data file, a witness or a chapter that the edition refuses.

    The message always starts with ``file:line: field:`` so that editors,
    the command line and the Sphinx build report the same place.
    """

    def __init__(self, file: Path | str, line: int | None, field: str, message: str):
        self.file = str(file)
        self.line = line
        self.field = field
        self.message = message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


def project_root() -> Path:
    """The folder that holds ``data/``: ``$EDITION_ROOT``, else found upwards."""
    if os.environ.get("EDITION_ROOT"):
        return Path(os.environ["EDITION_ROOT"]).resolve()
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for folder in (start, *start.parents):
            if (folder / "data" / "sources.yaml").is_file() and (folder / "_config.yml").is_file():
                return folder
    raise EditionError(Path.cwd(), None, "", "no edition found here or above (no data/sources.yaml beside _config.yml)")


def witness_folder() -> Path | None:
    """The folder holding the full witness files, from ``$EDITION_WITNESSES``.

    The project never contains a whole witness; tests that compare excerpts
    with their witness need this setting and skip without it.
    """
    value = os.environ.get("EDITION_WITNESSES", "").strip()
    return Path(value).resolve() if value else None


@dataclass(frozen=True)
class Located:
    """Where a value sits in its data file."""

    file: Path
    line: int

    def error(self, field: str, message: str) -> EditionError:
        return EditionError(self.file, self.line, field, message)


class LocatedDict(dict):
    """A mapping from a data file that knows the line of itself and of each key."""

    where: Located
    key_lines: dict[str, int]

    def at(self, field: str) -> Located:
        return Located(self.where.file, self.key_lines.get(field, self.where.line))

    def error(self, field: str, message: str) -> EditionError:
        return self.at(field).error(field, message)


class LocatedList(list):
    """A sequence from a data file that knows the line of each item."""

    where: Located
    item_lines: list[int]


# libyaml's parser where PyYAML was built with it (the same nodes and line marks, several times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.SafeLoader(" ")


def _construct(node: yaml.Node, file: Path) -> Any:
    """Turn a composed YAML node into plain Python values that remember lines."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = LocatedDict()
        result.where = Located(file, line)
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, file)
            key = str(key) if isinstance(key, int) and not isinstance(key, bool) else key  # JSON keys are strings
            if key in result:
                raise EditionError(file, key_node.start_mark.line + 1, str(key), "appears twice in the same mapping")
            result[key] = _construct(value_node, file)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LocatedList(_construct(item, file) for item in node.value)
        items.where = Located(file, line)
        items.item_lines = [item.start_mark.line + 1 for item in node.value]
        return items
    # Scalars: let the safe constructor decide the type (int, str, bool, null).
    return _SCALARS.construct_object(node, deep=True)


def load_yaml(file: Path, schema: str | None = None) -> Any:
    """Load one YAML data file of ``data/``, check it against ``data/schemas/<schema>.schema.json``."""
    file = Path(file)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EditionError(file, None, "", "file not found") from None
    except UnicodeDecodeError as err:
        raise EditionError(file, None, "", f"not UTF-8 ({err.reason} at byte {err.start})") from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else None
        raise EditionError(file, line, "", f"malformed YAML: {err.problem}") from None
    if node is None:
        raise EditionError(file, 1, "", "the file is empty")
    data = _construct(node, file)
    if schema:
        check_schema(data, schema_file(file, schema), file)
    return data


def load_source_file(folder: Path, name: str, schema: str, source: str, required: bool = True) -> Any:
    """Load ``data/<source>/<name>``, check its schema and that it names its own source.

    A file that is not required and does not exist gives None.
    """
    file = folder / name
    if not required and not file.exists():
        return None
    data = load_yaml(file, schema)
    if data["source"] != source:
        raise data.error("source", f"{data['source']!r} in the folder of source {source!r}")
    return data


def _line_of(data: Any, path: list) -> tuple[int | None, str]:
    """The line and dotted field name of a JSON-Schema error path."""
    line = getattr(getattr(data, "where", None), "line", None)
    names: list[str] = []
    node = data
    for step in path:
        if isinstance(node, LocatedDict) and step in node:
            line = node.key_lines.get(step, line)
            names.append(str(step))
        elif isinstance(node, LocatedList) and isinstance(step, int) and step < len(node):
            line = node.item_lines[step]
            names.append(f"[{step}]")
        else:
            break
        node = node[step]
    return line, ".".join(names).replace(".[", "[")


def schema_file(file: Path, schema: str) -> Path:
    """The schema of a data file: in the ``schemas/`` folder of the ``data/`` it belongs to."""
    for folder in Path(file).resolve().parents:
        if folder.name == "data" and (folder / "schemas").is_dir():
            return folder / "schemas" / f"{schema}.schema.json"
    raise EditionError(file, None, "", f"no data/schemas/ folder above this file for schema {schema!r}")


def check_schema(data: Any, schema_file: Path, file: Path) -> None:
    """Validate ``data`` against a JSON Schema; the first error wins."""
    validator = jsonschema.Draft202012Validator(json.loads(schema_file.read_text(encoding="utf-8")))
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        err = errors[0]
        line, field = _line_of(data, list(err.absolute_path))
        if err.validator == "required":
            field = ".".join(filter(None, [field, err.message.split("'")[1]]))
        raise EditionError(file, line, field or "(top level)", err.message)

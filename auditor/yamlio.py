"""Read YAML safely, keeping line numbers, and write files atomically.

Every input file goes through :func:`read_yaml`, which refuses what would hurt or confuse: a
directory, an empty or binary file, more than :data:`MAX_BYTES` (at most that much is ever read,
so ``/dev/zero`` or a pipe cannot exhaust memory), YAML whose aliases expand past
:data:`MAX_NODES` values or :data:`MAX_EXPANDED_BYTES` of text, a number that is not finite or
beyond ±:data:`~auditor.units.MAX_MAGNITUDE`, and a top level that is not a mapping. ``-`` reads
standard input, named ``<stdin>`` in errors. The composed node tree is kept so that later checks
can point at the line of any key path.

YAML 1.1's base-60 numbers are read as text: ``1:20`` is a ratio or a time to a person, not 80.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from auditor.errors import InputError, Location, Problems
from auditor.units import MAX_MAGNITUDE, MAX_MAGNITUDE_TEXT

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
# Aliases may not make a file hold more text than could be written out within MAX_BYTES: what is
# read is what is rendered, so this bounds every report as the file size bounds a plain file.
MAX_EXPANDED_BYTES = MAX_BYTES
MAX_DEPTH = 1_000
STDIN = Path("-")
# What may start an anchor (`&name` after a space, a line start or a flow indicator); "R&D" and
# " & " in prose do not, so a checklist's text never costs a walk of its whole tree.
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\]{},\[]", re.MULTILINE)
STDIN_NAME = "<stdin>"
_BRACKETS = re.compile(r"[\[\]{}]")

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(Exception):
    def __init__(self, mapping: yaml.Node, key: yaml.Node, first: yaml.Node) -> None:
        self.mapping, self.key, self.first = mapping, key, first


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The C safe loader, with dates left as text (``date: 2026-11-20`` stays a string), that
    refuses a key given twice in one mapping: YAML would keep the last and drop the first
    silently, an answer and its note with it."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        # Checked here, as each mapping is built, because a separate walk over every node cost a
        # tenth of the time to score 1,000 audits.
        keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
        if len(keys) != len(set(keys)):
            seen: dict[str, yaml.Node] = {}
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise _DuplicateKey(node, key, seen[key.value])
                    seen[key.value] = key
        return super().construct_mapping(node, deep)


# YAML 1.1's int and float patterns without their base-60 branch (``1:20`` would be 80).
_NUMBER_PATTERNS = {
    "tag:yaml.org,2002:int": re.compile(
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+)$""",
        re.X,
    ),
    "tag:yaml.org,2002:float": re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
        |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
}
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, _NUMBER_PATTERNS.get(tag, rx))
        for tag, rx in resolvers
        if tag != "tag:yaml.org,2002:timestamp"
    ]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

PathKey = str | int


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML mapping, the file it came from and the node tree that carries line marks."""

    file: str
    data: dict[str, Any]
    root: yaml.Node
    # Per mapping node, its keys' text to value nodes: built on the first lookup, so that
    # locating many problems in one large mapping stays linear.
    _keys: dict[int, dict[str, yaml.Node]] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, path: Sequence[PathKey]) -> int:
        """The 1-based line of the deepest node that ``path`` reaches."""
        return _line_of(self.root, path, self._keys)

    def at(self, path: Sequence[PathKey], message: str, *, named: str | None = None) -> InputError:
        """An error at ``path``, with list items named by their ``id`` where they have one."""
        return InputError(
            Location(self.file, self.line_of(path), named or describe_path(self.data, path)),
            message,
        )


def display_name(path: Path) -> str:
    """How errors name an input: its path, or ``<stdin>`` for ``-``."""
    return STDIN_NAME if path == STDIN else str(path)


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path`` (``-``: standard input), or an :class:`InputError` that says
    what is wrong with it. Reads at most :data:`MAX_BYTES` + 1 bytes, whatever the file is."""
    name = display_name(path)
    raw = _read_stdin(name) if path == STDIN else _read_file(path, name)
    if len(raw) > MAX_BYTES:
        raise InputError(Location(name), f"is over the {MAX_BYTES:,}-byte limit for input files")
    if b"\x00" in raw:
        raise InputError(Location(name), "is a binary file, expected YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(Location(name, line), "is not UTF-8 text") from None
    if not text.strip():
        raise InputError(Location(name), "is empty, expected a YAML mapping")
    return text


def _read_file(path: Path, name: str) -> bytes:
    # The size is checked on what is read, not with stat: a FIFO, a device or a /proc file
    # reports size 0 and may never end.
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
                raise InputError(
                    Location(name),
                    f"is {info.st_size:,} bytes, over the {MAX_BYTES:,}-byte limit for input files",
                )
            return handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise InputError(Location(name), "is a directory, expected a YAML file") from None
    except FileNotFoundError:
        raise InputError(Location(name), "no such file") from None
    except PermissionError:
        raise InputError(Location(name), "permission denied") from None
    except OSError as exc:
        raise InputError(Location(name), f"cannot be read: {exc.strerror or exc}") from None


def _read_stdin(name: str) -> bytes:
    stream = sys.stdin
    if stream is None or stream.closed:
        raise InputError(Location(name), "standard input is closed; give a file name instead")
    try:
        if stream.isatty():
            raise InputError(
                Location(name),
                "standard input is a terminal; pipe a file in (`cat audit.yaml | mlops-audit "
                "score -`) or give its name",
            )
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            return bytes(buffer.read(MAX_BYTES + 1))
        return stream.read(MAX_BYTES + 1).encode("utf-8", "surrogateescape")
    except (OSError, ValueError) as exc:  # ValueError: a stream closed under us
        raise InputError(Location(name), f"cannot be read: {exc}") from None


def parse_yaml(text: str, name: str, *, problems: Problems | None = None) -> YamlDoc:
    """Parse ``text`` (named ``name`` in errors) into a mapping with its node tree.

    A number refused here (not finite, or too large) is raised as an error, every one in the
    file at once. With ``problems``, they are added to it instead and each stands in the data
    as a :class:`BadNumber`: a caller that wants to report more problems (``validate``) can go on
    to check the document's shape, and must build nothing from it while ``problems`` has any.
    """
    _check_flow_depth(text, name)
    loader = _Loader(text)
    loader.bad_numbers = []
    data: Any = None
    try:
        root = loader.get_single_node()
        if root is None:
            raise InputError(Location(name), "is empty, expected a YAML mapping")
        if _ANCHOR.search(text):  # aliases need anchors; without one nothing expands
            _check_expansion(root, name)
        try:
            data = _build(loader, root)
        except _Unusual:  # merge keys, binary, sets...: PyYAML's own constructor knows them
            loader.bad_numbers = []
            _check_numbers(loader, root)
            if not loader.bad_numbers:  # else it would build NaN and inf: stop at the problems
                data = loader.construct_document(root)
    except _DuplicateKey as exc:
        where = ".".join([*_path_to(root, exc.mapping), str(exc.key.value)]).replace(".[", "[")
        raise InputError(
            Location(name, exc.key.start_mark.line + 1, where),
            f"duplicate key (first on line {exc.first.start_mark.line + 1}); "
            "YAML would silently keep only the last",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(Location(name, line), f"not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(Location(name), f"not valid YAML: {exc}") from None
    except RecursionError:
        raise InputError(Location(name), "YAML is nested too deeply") from None
    finally:
        loader.dispose()
    if loader.bad_numbers:
        found = Problems()
        found.extend(_number_errors(root, data, name, loader.bad_numbers))
        if problems is None or data is None:
            found.raise_if_any()
        else:
            problems.extend(found)
    if not isinstance(data, dict):
        raise InputError(
            Location(name, root.start_mark.line + 1),
            f"expected a mapping of keys at the top level, got {_kind(data)}",
        )
    return YamlDoc(name, data, root)


def read_yaml(path: Path, *, problems: Problems | None = None) -> YamlDoc:
    """Read and parse one YAML file (``-``: standard input) with every check in this module."""
    return parse_yaml(read_text(path), display_name(path), problems=problems)


def dump_yaml(data: Any) -> str:
    """YAML text for ``data``: block style, keys in the order given, Unicode kept readable."""
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100))


def write_atomic(path: Path, content: str | bytes, *, mode: int | None = None) -> None:
    """Write ``content`` to ``path`` so that a crash leaves the old file or the new, never half.

    A regular file (or a new one) is replaced by a temporary file made beside it, fsynced and
    renamed over it; the folder is fsynced so the rename itself survives a crash. What is at
    ``path`` is never broken in the process:

    - a symbolic link is written through: the file it points to is replaced, the link stays;
    - an existing file keeps its owner and group (when run as root, e.g. under sudo) and, unless
      ``mode`` is given, its permissions; a new one gets ``mode``, or ``0o666`` less the umask;
    - a read-only file, or one the user may not write, is refused with :class:`PermissionError`
      rather than replaced because its folder happens to be writable;
    - a character device or FIFO (``/dev/null``, a pipe, a terminal) is written in place, and
      ``/dev/stdout``, ``/dev/fd/N`` or ``/proc/self/fd/N`` write to that descriptor: none is
      ever replaced by a regular file. A folder, block device or socket is refused.

    ``mode`` is for private files (``0o600``): the exact permissions, whatever the umask.
    Errors are :class:`OSError` with a ``strerror`` that says what to do; callers add the name.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    descriptor = _own_descriptor(path)
    if descriptor is not None:
        _write_descriptor(descriptor, data)
        return
    try:
        existing: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_in_place(path, existing, data)
        return
    real = Path(os.path.realpath(path))  # write through symbolic links, never over them
    if existing is not None:
        _check_writable(path, real, existing)
    directory = real.parent
    fd, tmp = _create_temp(directory, real.name, mode, existing)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


_OWN_DESCRIPTOR = re.compile(
    r"/dev/(?:(stdout)|(stderr)|fd/(\d+))|/proc/(?:self|thread-self|(\d+))/fd/(\d+)"
)


def _own_descriptor(path: Path) -> int | None:
    """The descriptor number ``path`` names in this process (``/dev/stdout`` is 1), if any.

    Writing to the descriptor itself keeps what the shell set up (``>>`` appends); opening the
    path and renaming over what it resolves to would truncate or replace the shell's file.
    """
    match = _OWN_DESCRIPTOR.fullmatch(os.path.normpath(str(path)))
    if match is None:
        return None
    stdout, stderr, dev_fd, pid, proc_fd = match.groups()
    if pid is not None and int(pid) != os.getpid():
        return None
    if stdout or stderr:
        return 1 if stdout else 2
    return int(dev_fd or proc_fd)


def _write_descriptor(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_in_place(path: Path, existing: os.stat_result, data: bytes) -> None:
    kind = existing.st_mode
    if stat.S_ISDIR(kind):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    if not (stat.S_ISCHR(kind) or stat.S_ISFIFO(kind)):
        what = "a block device" if stat.S_ISBLK(kind) else "not a regular file"
        raise OSError(errno.EINVAL, f"is {what}; refusing to write over it", str(path))
    # Opened for writing, never replaced: as root, replacing /dev/null with a regular file
    # would break the whole system.
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        _write_descriptor(fd, data)
    finally:
        os.close(fd)


def _check_writable(path: Path, real: Path, existing: os.stat_result) -> None:
    # The rename only needs the folder to be writable; the file's own permissions are the
    # user's say on whether it may change. Root passes os.access, so the bits are read too.
    if not existing.st_mode & 0o222:
        raise PermissionError(
            errno.EACCES,
            f"the file is read-only; make it writable (chmod u+w {_quoted(path)}) "
            "or choose another file",
            str(path),
        )
    if not os.access(real, os.W_OK):
        raise PermissionError(errno.EACCES, "permission denied", str(path))


def _create_temp(
    directory: Path, name: str, mode: int | None, existing: os.stat_result | None
) -> tuple[int, str]:
    """A new temporary file beside the target, owned and permitted as the result should be."""
    # Created 0o666 for a new shared file, so that the kernel applies the umask (and a default
    # ACL) exactly as for any other new file; 0o600 otherwise until fchmod below.
    create = 0o666 if mode is None and existing is None else 0o600
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for _ in range(100):
        tmp = os.path.join(directory, f".{name}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(tmp, flags, create)
        except FileExistsError:
            continue
        except PermissionError:
            raise PermissionError(
                errno.EACCES, f"no permission to create files in {directory}", str(directory)
            ) from None
        break
    else:
        raise FileExistsError(errno.EEXIST, "no free temporary file name", str(directory))
    try:
        if existing is not None:
            # As root (sudo) the new file would otherwise be root's: keep the owner and group.
            # Anyone else may keep the group if they belong to it; if not, they own the file.
            with contextlib.suppress(PermissionError):
                os.fchown(fd, existing.st_uid, existing.st_gid)
        if mode is not None:
            os.fchmod(fd, mode)
        elif existing is not None:
            os.fchmod(fd, stat.S_IMODE(existing.st_mode) & 0o777)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return fd, tmp


def describe_path(data: Any, path: Sequence[PathKey]) -> str:
    """``dimensions[monitoring].questions[drift].weight``: list items named by id where possible."""
    out = ""
    node = data
    for key in path:
        if isinstance(key, int):
            item = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) and ident else f"[{key}]"
            node = item
        else:
            out += f".{key}" if out else str(key)
            node = node.get(key) if isinstance(node, dict) else None
    return out


def _line_of(
    node: yaml.Node, path: Sequence[PathKey], keys: dict[int, dict[str, yaml.Node]]
) -> int:
    for key in path:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            index = keys.get(id(node))
            if index is None:
                index = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        index.setdefault(key_node.value, value_node)
                keys[id(node)] = index
            child = index.get(str(key))
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(key, int)
            and 0 <= key < len(node.value)
        ):
            child = node.value[key]
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1


def _check_flow_depth(text: str, name: str) -> None:
    """Refuse ``[[[[...`` nested past :data:`MAX_DEPTH`: libyaml's parser would overflow the C stack.

    Brackets inside quoted text count too, so this over-counts at worst; block-style nesting
    cannot get that deep within :data:`MAX_BYTES` (each level costs a line of indentation).
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            raise InputError(
                Location(name, line), f"YAML is nested more than {MAX_DEPTH} levels deep"
            )


class _Unusual(Exception):
    """A node :func:`_build` leaves to PyYAML's constructor."""


_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP = _TAG + "seq", _TAG + "map"


def _build(loader: Any, node: yaml.Node) -> Any:
    """Python data from a composed node tree, for the plain YAML that audits and checklists are.

    PyYAML's constructor took half the time of scoring 1,000 audits; the tags are already
    resolved on the nodes (by the C composer), so plain mappings, lists and scalars are built
    here directly and anything else raises :class:`_Unusual` for the constructor to handle.
    Duplicate keys are refused as in :meth:`_Loader.construct_mapping`.
    """
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _MAP:
        out: dict[Any, Any] = {}
        keys: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Unusual
            key = _build(loader, key_node)
            if key in keys:
                raise _DuplicateKey(node, key_node, keys[key])
            keys[key] = key_node
            out[key] = _build(loader, value_node)
        return out
    if tag == _SEQ:
        return [_build(loader, item) for item in node.value]
    if tag == _INT:
        return _int(loader, node)
    if tag == _FLOAT:
        return _float(loader, node)
    if tag == _BOOL:
        return loader.construct_yaml_bool(node)
    if tag == _NULL:
        return None
    raise _Unusual


class BadNumber:
    """Stands in the data for a number refused as it was read (see :func:`parse_yaml`)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _int(loader: Any, node: yaml.Node) -> int | BadNumber:
    digits = node.value.replace("_", "").lstrip("+-")
    if digits[:2] in ("0b", "0x"):
        digits = digits[2:]
    # Past 48 significant digits a number is over the limit in any base; converting thousands
    # of decimal digits is slow, and past 4,300 Python refuses to.
    if len(digits.lstrip("0")) > 48:
        return _refuse(loader, node, "too large")
    value: int = loader.construct_yaml_int(node)
    if abs(value) > MAX_MAGNITUDE:
        return _refuse(loader, node, "too large")
    return value


def _float(loader: Any, node: yaml.Node) -> float | BadNumber:
    value: float = loader.construct_yaml_float(node)
    if math.isfinite(value) and abs(value) <= MAX_MAGNITUDE:
        return value
    if math.isnan(value):
        return _refuse(loader, node, "not a number")
    return _refuse(loader, node, "infinity" if "inf" in node.value.lower() else "too large")


def _refuse(loader: Any, node: yaml.Node, why: str) -> BadNumber:
    loader.bad_numbers.append((node, why))
    return BadNumber(node.value)


def _check_numbers(loader: Any, root: yaml.Node) -> None:
    """The number checks of :func:`_build`, for a document PyYAML's constructor builds."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif node.tag == _INT:
            _int(loader, node)
        elif node.tag == _FLOAT:
            _float(loader, node)


def _number_errors(
    root: yaml.Node, data: Any, name: str, bad: list[tuple[yaml.ScalarNode, str]]
) -> list[InputError]:
    """Each refused number, located by line and key path (named by ids when ``data`` is built)."""
    paths = _paths_to(root, {id(node) for node, _ in bad})
    errors = []
    for node, why in bad:
        path = paths.get(id(node), [])
        where = describe_path(data, path) if data is not None else _plain_path(path)
        errors.append(InputError(Location(name, node.start_mark.line + 1, where), _why(node, why)))
    return errors


def _why(node: yaml.ScalarNode, why: str) -> str:
    text = node.value
    shown = text if len(text) <= 24 else f"{text[:20]}... ({len(text):,} characters)"
    limit = f"write a number between -{MAX_MAGNITUDE_TEXT} and {MAX_MAGNITUDE_TEXT}"
    if why == "not a number":
        return f"{shown} (not a number) is not accepted; write a number"
    if why == "infinity":
        return f"{shown} (infinity) is not accepted; {limit}"
    return f"{shown} is too large; {limit}"


def _paths_to(root: yaml.Node, targets: set[int]) -> dict[int, list[PathKey]]:
    """The key path to each target node (a mapping key counts as at its own key)."""
    found: dict[int, list[PathKey]] = {}
    stack: list[tuple[yaml.Node, list[PathKey]]] = [(root, [])]
    seen: set[int] = set()
    while stack and len(found) < len(targets):
        node, path = stack.pop()
        if id(node) in targets:
            found.setdefault(id(node), path)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                step = [*path, key.value if isinstance(key, yaml.ScalarNode) else "?"]
                stack.extend([(key, step), (value, step)])
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((value, [*path, i]) for i, value in enumerate(node.value))
    return found


def _plain_path(path: Sequence[PathKey]) -> str:
    return "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in path).lstrip(".")


def _path_to(root: yaml.Node, target: yaml.Node) -> list[str]:
    """The key path from ``root`` to ``target``: only computed for an error message."""
    stack: list[tuple[yaml.Node, list[str]]] = [(root, [])]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((value, [*path, str(key.value)]) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((value, [*path, f"[{i}]"]) for i, value in enumerate(node.value))
    return []


def _check_expansion(root: yaml.Node, name: str) -> None:
    """Refuse alias bombs: count values and text as if every alias were written out in full."""
    sizes: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> tuple[int, int]:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in open_nodes:
            raise InputError(
                Location(name, node.start_mark.line + 1), "a YAML alias refers to itself"
            )
        open_nodes.add(id(node))
        count, text = 1, 0
        if isinstance(node, yaml.MappingNode):
            parts = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            parts = node.value
        else:
            value = node.value
            text = len(value) if value.isascii() else len(value.encode("utf-8", "replace"))
            parts = []
        for part in parts:
            part_count, part_text = size(part)
            count += part_count
            text += part_text
        if count > MAX_NODES:
            raise InputError(
                Location(name, node.start_mark.line + 1),
                f"YAML aliases expand to more than {MAX_NODES:,} values; write the content out "
                "or use fewer nested aliases",
            )
        if text > MAX_EXPANDED_BYTES:
            raise InputError(
                Location(name, node.start_mark.line + 1),
                f"YAML aliases expand to more than {MAX_EXPANDED_BYTES:,} bytes of text, the "
                "limit for an input file; write the content out or use fewer aliases",
            )
        open_nodes.discard(id(node))
        sizes[id(node)] = count, text
        return count, text

    size(root)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        list: "a list",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true/false",
    }.get(type(value), type(value).__name__)


def _quoted(path: Path) -> str:
    import shlex  # only for this message: not worth its import at every start

    return shlex.quote(str(path))

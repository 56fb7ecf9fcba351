"""Records to plain JSON-able data and back, for the store and the Spark engine.

Written here rather than taken from a library (pydantic, cattrs) because the records are plain
frozen dataclasses of strings, numbers, tuples and other records: forty lines cover them, and one
more dependency on every worker is not worth it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, TypeVar, Union

T = TypeVar("T")


def to_data(obj: Any) -> Any:
    """A record (or tuple, list, dict of them) as JSON-able data; tuples become lists."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: to_data(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if f.name != "raw"  # a Document's original bytes never leave the process
        }
    if isinstance(obj, tuple | list):
        return [to_data(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(members[0], value) if len(members) == 1 else value
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value, strict=False))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_data(tp, value)
    return value


def from_data(cls: type[T], data: dict[str, Any]) -> T:
    """The record of type ``cls`` that :func:`to_data` turned into ``data``."""
    hints = _hints(cls)  # type: ignore[arg-type]
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs = {k: _convert(hints[k], v) for k, v in data.items() if k in names}
    return cls(**kwargs)

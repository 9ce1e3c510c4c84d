"""Records: dataclasses that are cheap to create.

`@record` is `@dataclass(frozen=True)` with the same behaviour — the same __init__,
==, hash(), repr(), frozen attributes, fields(), replace(), asdict(), pickling and
`is_dataclass` — made at a fraction of the cost; `@record(frozen=False)` is `@dataclass`,
`@record(order=True)` is `@dataclass(frozen=True, order=True)`. On Python 3.11,
`dataclass(frozen=True)` compiles six functions per class, one `exec` each, and for a
class without a docstring works out `inspect.signature` for its __doc__: ~1.3 ms a class,
~70 classes in every `vinhdanh build` process. Here `dataclass` collects the fields and
compiles nothing; __eq__, __hash__, __repr__, __setattr__, __delattr__ (and <, <=, >, >=)
are closures over the field names, __init__ is the one function compiled (the text
dataclass writes for it) when first used, and __doc__ is worked out when first read.
Python 3.13 batches the compiling itself; this module can go when we move past 3.12.

A class the fast way cannot copy exactly (a dataclass base, InitVar, ClassVar,
keyword-only or init=False fields, its own __init__, its own __setattr__/__delattr__
when frozen, a field named `self`) is made by `dataclass(frozen=..., eq=False,
repr=False)`, and still gets the cheap __eq__/__hash__/__repr__.
"""

from __future__ import annotations

import _thread
import abc
import dataclasses
import inspect
import operator
import sys
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:  # tells mypy `record` makes dataclasses; typing has it from 3.11 only
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_):
        return lambda fn: fn


T = TypeVar("T", bound=type)
_DOC_PLACEHOLDER = "(record: __doc__ is worked out when read)"


class _Factory:
    """The default of a parameter whose field has a default_factory (dataclass's `<factory>`)."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_DEFAULT_FACTORY = _Factory()


@overload
def record(cls: T, /) -> T: ...


@overload
def record(*, frozen: bool = True, order: bool = False) -> Callable[[T], T]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: T | None = None, /, *, frozen: bool = True, order: bool = False) -> T | Callable[[T], T]:
    """`@dataclass(frozen=True)`, made cheaply (see the module's docstring).

    `@record(frozen=False)` is `@dataclass`, `@record(order=True)` is
    `@dataclass(frozen=True, order=True)`.
    """
    if cls is None:
        return lambda cls: _make(cls, frozen, order)
    return _make(cls, frozen, order)


def _make(cls: T, frozen: bool, order: bool) -> T:
    if order and any(name in cls.__dict__ for name in _ORDER):
        dataclasses.dataclass(frozen=frozen, order=True)(cls)  # which refuses it with its TypeError
        return cls
    lazy_doc = not cls.__doc__
    if lazy_doc:  # dataclass would call inspect.signature now
        cls.__doc__ = _DOC_PLACEHOLDER
    own = {name for name in ("__eq__", "__repr__", "__hash__") if name in cls.__dict__}
    if cls.__dict__.get("__hash__", 0) is None and "__eq__" in own:
        own.discard("__hash__")  # Python's `__hash__ = None` for a body with __eq__: dataclass replaces it
    if _fast(cls, frozen):
        dataclasses.dataclass(init=False, eq=False, repr=False)(cls)
        fields = dataclasses.fields(cls)
        _check_defaults(fields)
        cls.__init__ = _LazyInit(cls, fields, frozen)  # type: ignore[misc]
        if frozen:
            _add(cls, "__setattr__", _frozen_setattr(cls, fields))
            _add(cls, "__delattr__", _frozen_delattr(cls, fields))
    else:
        dataclasses.dataclass(frozen=frozen, eq=False, repr=False)(cls)
        fields = dataclasses.fields(cls)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.init = params.repr = params.eq = True  # what dataclass(frozen=..., order=...) says
    params.frozen, params.order = frozen, order
    _add_compare(cls, fields, own, frozen)
    if order:
        _add_order(cls, fields)
    abc.update_abstractmethods(cls)  # as dataclass does last
    if lazy_doc:
        cls.__doc__ = _Doc(cls)  # type: ignore[assignment]
    return cls


def _fast(cls: type, frozen: bool) -> bool:
    """Whether the fast way makes exactly what dataclass would for `cls`."""
    if any(dataclasses.is_dataclass(base) for base in cls.__mro__[1:]):
        return False  # dataclass checks frozen bases against its own flag: let it
    if "__init__" in cls.__dict__ or (frozen and ("__setattr__" in cls.__dict__ or "__delattr__" in cls.__dict__)):
        return False  # dataclass keeps an own __init__ and refuses the other two: let it
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (what dataclass reads)
    if "self" in annotations:
        return False
    for name, value in annotations.items():
        kind = value if isinstance(value, str) else repr(value)
        if "ClassVar" in kind or "InitVar" in kind or "KW_ONLY" in kind:
            return False
        default = cls.__dict__.get(name)
        if isinstance(default, dataclasses.Field) and (not default.init or default.kw_only is True):
            return False
    return True


def _add(cls: type, name: str, fn: Callable) -> None:
    """Set a made method, named as dataclass names them (`Class.__eq__`)."""
    fn.__qualname__ = f"{cls.__qualname__}.{fn.__name__}"
    setattr(cls, name, fn)


def _check_defaults(fields: tuple[dataclasses.Field, ...]) -> None:
    """dataclass's refusal, when the class is made (its __init__ is made later)."""
    seen_default = False
    for f in fields:
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")


class _LazyInit:
    """A record's __init__ until first used (an instance made, or `Class.__init__` read).

    Compiling it is most of what a record costs (~0.3 ms, more with many fields) and a
    build uses two in three of the records it imports. Read through the class, it
    compiles the function, puts it on the class in its own place and returns it: from
    then on the class holds a plain function, as dataclass's.
    """

    def __init__(self, cls: type, fields: tuple[dataclasses.Field, ...], frozen: bool) -> None:
        self.cls, self.fields, self.frozen = cls, fields, frozen
        self.post_init = hasattr(cls, "__post_init__")  # dataclass looks when the class is made

    def __get__(self, instance: object, owner: type | None = None) -> Callable:
        init = _init(self.cls, self.fields, self.frozen, self.post_init)
        _add(self.cls, "__init__", init)
        return init if instance is None else init.__get__(instance, owner)


def _init(cls: type, fields: tuple[dataclasses.Field, ...], frozen: bool, post_init: bool) -> Callable:
    """The __init__ dataclass writes, compiled from the same text."""
    names: dict[str, Any] = {f"_type_{f.name}": f.type for f in fields}
    names.update({"MISSING": dataclasses.MISSING, "_HAS_DEFAULT_FACTORY": _HAS_DEFAULT_FACTORY, "__dataclass_builtins_object__": object})
    params, lines = ["self"], []
    for f in fields:
        value, default = f.name, ""
        if f.default_factory is not dataclasses.MISSING:
            names[f"_dflt_{f.name}"] = f.default_factory
            value, default = f"_dflt_{f.name}() if {f.name} is _HAS_DEFAULT_FACTORY else {f.name}", "=_HAS_DEFAULT_FACTORY"
        elif f.default is not dataclasses.MISSING:
            names[f"_dflt_{f.name}"] = f.default
            default = f"=_dflt_{f.name}"
        params.append(f"{f.name}:_type_{f.name}{default}")
        lines.append(f"  __dataclass_builtins_object__.__setattr__(self,{f.name!r},{value})" if frozen else f"  self.{f.name}={value}")
    if post_init:
        lines.append("  self.__post_init__()")
    names["_return_type"] = None
    text = f"def __create_fn__({', '.join(names)}):\n def __init__({','.join(params)})->_return_type:\n" + ("\n".join(lines) or "  pass") + "\n return __init__"
    module = sys.modules.get(cls.__module__)
    space: dict[str, Any] = {}
    # dont_inherit: our `from __future__ import annotations` would turn the annotations into text
    exec(compile(text, "<string>", "exec", dont_inherit=True), module.__dict__ if module else {}, space)
    return space["__create_fn__"](**names)


def _frozen_setattr(cls: type, fields: tuple[dataclasses.Field, ...]) -> Callable:
    names = tuple(f.name for f in fields)

    def __setattr__(self, name, value):  # noqa: N807 (its name is the method's)
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]

    return __setattr__


def _frozen_delattr(cls: type, fields: tuple[dataclasses.Field, ...]) -> Callable:
    names = tuple(f.name for f in fields)

    def __delattr__(self, name):  # noqa: N807 (its name is the method's)
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]

    return __delattr__


def _values(names: tuple[str, ...]) -> Callable[[object], tuple]:
    """The tuple of the named attributes, as dataclass's methods build it."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)  # a tuple already


def _add_compare(cls: type, fields: tuple[dataclasses.Field, ...], own: set[str], frozen: bool) -> None:
    """__eq__, __hash__ and __repr__ as dataclass makes them, unless the body has its own.

    A mutable one's __hash__ is None, as dataclass sets it (equal values may change).
    """
    compared = _values(tuple(f.name for f in fields if f.compare))
    hashed = _values(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in fields if f.repr)

    def __eq__(self, other):  # noqa: N807 (its name is the method's)
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self):  # noqa: N807 (its name is the method's)
        return hash(hashed(self))

    running: set[tuple[int, int]] = set()

    def __repr__(self):  # noqa: N807 (its name is the method's)
        key = id(self), _thread.get_ident()
        if key in running:  # as reprlib.recursive_repr: a record inside itself
            return "..."
        running.add(key)
        try:
            inner = ", ".join([f"{name}={getattr(self, name)!r}" for name in shown])
            return f"{self.__class__.__qualname__}({inner})"
        finally:
            running.discard(key)

    for fn in (__eq__, __hash__, __repr__):
        if fn.__name__ not in own:
            _add(cls, fn.__name__, fn)
    if not frozen and "__hash__" not in own:
        cls.__hash__ = None  # type: ignore[assignment]


_ORDER = {"__lt__": operator.lt, "__le__": operator.le, "__gt__": operator.gt, "__ge__": operator.ge}


def _add_order(cls: type, fields: tuple[dataclasses.Field, ...]) -> None:
    """<, <=, >, >= as dataclass(order=True) makes them: the compared fields as tuples, one class only."""
    compared = _values(tuple(f.name for f in fields if f.compare))
    for name, op in _ORDER.items():
        _add(cls, name, _ordering(name, op, compared))


def _ordering(name: str, op: Callable, compared: Callable) -> Callable:
    def method(self, other):
        if other.__class__ is self.__class__:
            return op(compared(self), compared(other))
        return NotImplemented

    method.__name__ = name
    return method


class _Doc:
    """A record's __doc__ when its body has none: dataclass's `Name(a: 'str', b: 'int' = 0)`, made when read."""

    def __init__(self, cls: type) -> None:
        self.cls = cls

    def __get__(self, instance: object, owner: type | None = None) -> str:
        doc = self.cls.__name__ + str(inspect.signature(self.cls)).replace(" -> None", "")
        self.cls.__doc__ = doc  # once: the class keeps the text
        return doc

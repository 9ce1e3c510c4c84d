"""`@record` behaves as `@dataclass(frozen=True)` (and `record(frozen=False)`, `record(order=True)` as theirs).

Each record is compared with its twin, the class `dataclass(frozen=True)` makes from the
same fields: ==, hash(), repr(), the __init__ signature and __doc__, frozen attributes,
pickling, dataclasses.replace/fields/asdict and what `__dataclass_params__` says.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pickle
import pkgutil
import re
import sys
import types
from dataclasses import field
from pathlib import Path
from typing import ClassVar

import pytest

import vinhdanh
from vinhdanh import records
from vinhdanh.records import record

FROZEN = dataclasses.dataclass(frozen=True)


def package_records() -> list[type]:
    """Every class of the package made by `record` (each module imported)."""
    found = []
    for info in pkgutil.walk_packages(vinhdanh.__path__, "vinhdanh."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__ and dataclasses.is_dataclass(value) and _by_record(value):
                found.append(value)
    return list(dict.fromkeys(found))  # a class also known by a short name (vocabulary's _A) once


def _by_record(cls: type) -> bool:
    methods = (vars(cls).get(name) for name in ("__eq__", "__hash__", "__repr__", "__setattr__"))
    return any(getattr(method, "__module__", None) == records.__name__ for method in methods)


def _docstring(cls: type) -> str | None:
    """The docstring written in the class body (Python keeps it raw)."""
    node = ast.parse(inspect.getsource(cls).strip()).body[0]
    assert isinstance(node, ast.ClassDef)
    return ast.get_docstring(node, clean=False)


def twin(cls: type) -> type:
    """What dataclass(frozen=True) makes of `cls`'s fields, bases and own methods."""
    own = {name: value for name, value in vars(cls).items() if isinstance(value, types.FunctionType) and _written(value)}
    own["__doc__"] = _docstring(cls)
    bases = tuple(twin(base) if base in _MADE else base for base in cls.__bases__)
    specs = [
        (f.name, f.type, field(default=f.default, default_factory=f.default_factory, init=f.init, repr=f.repr, hash=f.hash, compare=f.compare, kw_only=f.kw_only))
        for f in dataclasses.fields(cls)
        if f.name in inspect.get_annotations(cls)
    ]
    params = cls.__dataclass_params__
    made = dataclasses.make_dataclass(cls.__name__, specs, bases=bases, namespace=own, frozen=params.frozen, order=params.order)
    made.__module__, made.__qualname__ = cls.__module__, cls.__qualname__
    return made


_MADE: set[type] = set()


def _written(fn: types.FunctionType) -> bool:
    """A method of the class body, not one `record` made."""
    return fn.__code__.co_filename not in (records.__file__, "<string>")


def sample(kind: type, values: dict[str, object]) -> object:
    """An instance made without __init__, as the brief asks: object.__new__ + object.__setattr__."""
    obj = kind.__new__(kind)
    for name, value in values.items():
        object.__setattr__(obj, name, value)
    return obj


def values_of(kind: type, tag: str = "") -> dict[str, object]:
    # equal values that are not the same objects: == must compare, not identity
    return {f.name: "".join(["v", str(i), tag]) for i, f in enumerate(dataclasses.fields(kind))}


def same_behaviour(ours: type, theirs: type) -> None:
    names = [f.name for f in dataclasses.fields(ours)]
    assert names == [f.name for f in dataclasses.fields(theirs)]
    assert [(f.init, f.repr, f.hash, f.compare) for f in dataclasses.fields(ours)] == [(f.init, f.repr, f.hash, f.compare) for f in dataclasses.fields(theirs)]
    assert repr(ours.__dataclass_params__) == repr(theirs.__dataclass_params__)
    assert getattr(ours, "__match_args__", None) == getattr(theirs, "__match_args__", None)
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))
    assert ours.__doc__ == theirs.__doc__
    assert (ours.__hash__ is None) == (theirs.__hash__ is None)
    one, other = values_of(ours), values_of(ours)
    a, b, ta, tb = sample(ours, one), sample(ours, other), sample(theirs, one), sample(theirs, other)
    assert (a == b, a != b) == (ta == tb, ta != tb)
    assert repr(a) == repr(ta)
    assert ours.__eq__(a, object()) is theirs.__eq__(ta, object())
    sub, tsub = sample(type("Sub", (ours,), {}), one), sample(type("Sub", (theirs,), {}), one)
    assert (a == sub, sub == a, a != sub) == (ta == tsub, tsub == ta, ta != tsub)  # another class: never equal by fields
    if ours.__hash__ is not None:
        assert hash(a) == hash(ta) and hash(a) == hash(b)
    for name in names:  # each field changed alone
        changed = {**one, name: "other"}
        c, tc = sample(ours, changed), sample(theirs, changed)
        assert (a == c, a != c) == (ta == tc, ta != tc), name
        if ours.__hash__ is not None:
            assert hash(c) == hash(tc), name
        assert repr(c) == repr(tc)
        if ours.__dataclass_params__.order:
            assert (a < c, a <= c, a > c, a >= c, c < a) == (ta < tc, ta <= tc, ta > tc, ta >= tc, tc < ta), name
    if ours.__dataclass_params__.order:
        assert ours.__lt__(a, object()) is theirs.__lt__(ta, object()) is NotImplemented
    frozen(sample(ours, one), sample(theirs, one), names, ours.__dataclass_params__.frozen)
    copies(ours, theirs, a, one)
    assert called(ours) == called(theirs) and called(ours, unknown=1) == called(theirs, unknown=1)


def called(kind: type, **arguments) -> str:
    """What calling the class says: a missing or unknown argument names the class's __init__."""
    try:
        kind(**arguments)
    except TypeError as refused:
        return str(refused)
    return "made"


def frozen(a: object, ta: object, names: list[str], refused: bool) -> None:
    def outcome(obj: object, name: str, assign: bool) -> str:
        try:
            setattr(obj, name, 1) if assign else delattr(obj, name)
        except dataclasses.FrozenInstanceError as refused:
            return str(refused)
        return "done"

    for name in [*names, "not_a_field"]:  # a plain subclass may take new attributes, not fields
        for assign in (True, False):
            ours, theirs = outcome(a, name, assign), outcome(ta, name, assign)
            assert ours == theirs, (name, assign)
            if name in names and refused:
                assert ours == f"cannot {'assign to' if assign else 'delete'} field {name!r}"


def built(kind: type, values: dict[str, object]) -> object:
    fields = [f for f in dataclasses.fields(kind) if f.init]
    return kind(*[values[f.name] for f in fields if f.kw_only is not True], **{f.name: values[f.name] for f in fields if f.kw_only is True})


def outcome_of_init(kind: type, values: dict[str, object]) -> str:
    try:
        return repr(built(kind, values))
    except Exception as error:  # noqa: BLE001 (whatever it is, the twin must raise the same)
        return f"{type(error).__name__}: {error}"


def copies(ours: type, theirs: type, a: object, values: dict[str, object]) -> None:
    if hasattr(ours, "__post_init__"):  # it may read the values (a Path, not a str): both must end alike
        assert outcome_of_init(ours, values) == outcome_of_init(theirs, values)
        return
    made = built(ours, values)
    assert made == a and dataclasses.asdict(made) == dataclasses.asdict(a) == values
    # an exception unpickles through setattr, which a frozen dataclass refuses as well
    if not issubclass(ours, BaseException) and ours.__qualname__ == ours.__name__ and getattr(sys.modules.get(ours.__module__), ours.__name__, None) is ours:
        back = pickle.loads(pickle.dumps(made))
        assert type(back) is ours and back == made and dataclasses.asdict(back) == values
        assert ours.__hash__ is None or hash(back) == hash(made)
    if values:
        first = next(iter(values))
        changed = dataclasses.replace(a, **{first: "new"})
        assert type(changed) is ours and dataclasses.asdict(changed) == {**values, first: "new"}


def test_every_record_of_the_package_behaves_as_its_frozen_dataclass_twin():
    found = package_records()
    sources = Path(vinhdanh.__file__).parent.rglob("*.py")
    written = sum(len(re.findall(r"^@(?:records\.)?record\b", path.read_text(encoding="utf-8"), re.MULTILINE)) for path in sources)
    assert len(found) == written >= 90, "a record the walk did not find (a class inside a function?)"
    _MADE.update(found)
    for cls in found:
        assert dataclasses.is_dataclass(cls)
        same_behaviour(cls, twin(cls))


def shapes(make) -> dict[str, type]:
    """Odd shapes of records, made by `make` (record, or dataclass(frozen=True) for the twins)."""

    @make
    class Empty:
        pass

    @make
    class One:
        a: str

    @make
    class Flags:
        a: str
        hidden: str = field(default="h", repr=False)
        ignored: str = field(default="i", compare=False)
        unhashed: str = field(default="u", hash=False)
        hashed_only: str = field(default="o", compare=False, hash=True)
        made: dict = field(default_factory=dict)

    @make
    class OwnEq:
        """Has a docstring, and its own __eq__: dataclass still adds a __hash__ of the fields."""

        a: str

        def __eq__(self, other):
            return True

    @make
    class OwnHashRepr:
        a: str

        def __hash__(self):
            return 7

        def __repr__(self):
            return "mine"

    @make
    class Unhashable:
        a: str
        __hash__ = None  # type: ignore[assignment]

    @make
    class WithClassVar:
        a: str
        kind: ClassVar[str] = "k"

    @make
    class Posted:
        a: str

        def __post_init__(self):
            object.__setattr__(self, "a", self.a.upper())

    @make
    class KeywordOnly:
        a: str
        b: str = field(default="b", kw_only=True)

    @make
    class Child(One):
        b: int = 0

    class Plain(One):
        def extra(self):
            return 1

    @make
    class Failure(Exception):
        message: str

    return {
        "Empty": Empty,
        "One": One,
        "Flags": Flags,
        "OwnEq": OwnEq,
        "OwnHashRepr": OwnHashRepr,
        "Unhashable": Unhashable,
        "WithClassVar": WithClassVar,
        "Posted": Posted,
        "KeywordOnly": KeywordOnly,
        "Child": Child,
        "Plain": Plain,
        "Failure": Failure,
    }


FAMILIES = {
    "frozen": (record, FROZEN),
    "mutable": (record(frozen=False), dataclasses.dataclass),
    "ordered": (record(order=True), dataclasses.dataclass(frozen=True, order=True)),
}


@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("name", list(shapes(record)))
def test_odd_shapes_behave_as_dataclass_makes_them(name, family):
    ours, theirs = shapes(FAMILIES[family][0])[name], shapes(FAMILIES[family][1])[name]
    if name in ("Posted",):  # __post_init__ upper-cases: built through __init__ only
        assert ours("x") == sample(ours, {"a": "X"}) and repr(ours("x")) == repr(theirs("x"))
        assert str(inspect.signature(ours)) == str(inspect.signature(theirs)) and ours.__doc__ == theirs.__doc__
        return
    same_behaviour(ours, theirs)


def test_own_methods_are_kept_and_eq_alone_still_gets_a_field_hash():
    made = shapes(record)
    assert made["OwnEq"]("x") == made["OwnEq"]("y") and hash(made["OwnEq"]("x")) == hash(("x",))
    assert hash(made["OwnHashRepr"]("x")) == 7 and repr(made["OwnHashRepr"]("x")) == "mine"
    with pytest.raises(TypeError):
        hash(made["Unhashable"]("x"))


def test_a_value_equal_to_itself_only_by_identity_compares_as_dataclass_does():
    # tuple comparison takes `is` before ==: the same NaN object is equal in both
    nan = float("nan")
    ours, theirs = shapes(record)["One"], shapes(FROZEN)["One"]
    assert (ours(nan) == ours(nan)) is (theirs(nan) == theirs(nan)) is True
    assert (ours(nan) == ours(float("nan"))) is (theirs(nan) == theirs(float("nan"))) is False


def test_a_record_inside_itself_repr_stops_as_dataclass_does():
    ours, theirs = shapes(record)["One"], shapes(FROZEN)["One"]
    a, ta = ours([]), theirs([])
    a.a.append(a)
    ta.a.append(ta)
    assert repr(a) == repr(ta) == f"{ours.__qualname__}(a=[...])"


def test_setting_attributes_of_a_plain_subclass_follows_dataclass():
    # dataclass's __setattr__ refuses any name on the class itself, only fields on a subclass
    ours, theirs = shapes(record)["Plain"], shapes(FROZEN)["Plain"]
    a, ta = ours("x"), theirs("x")
    a.extra_attribute = 1
    ta.extra_attribute = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.a = "y"
    assert a == ours("x") and repr(a) == repr(ta)


def test_a_frozen_dataclass_may_inherit_a_record_and_a_plain_one_may_not():
    base = shapes(record)["One"]

    @FROZEN
    class Frozen(base):
        b: int = 0

    assert Frozen("x", 1) == Frozen("x", 1) and repr(Frozen("x")) == "test_a_frozen_dataclass_may_inherit_a_record_and_a_plain_one_may_not.<locals>.Frozen(a='x', b=0)"
    with pytest.raises(TypeError, match="cannot inherit non-frozen dataclass from a frozen one"):
        dataclasses.dataclass(type("Thawed", (base,), {"__annotations__": {"b": "int"}}))


def test_a_non_default_field_after_a_default_one_is_refused_as_dataclass_refuses_it():
    namespace = {"__annotations__": {"a": "str", "b": "str"}, "a": "x", "__module__": __name__}
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        record(type("Bad", (), dict(namespace)))
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        FROZEN(type("Bad", (), dict(namespace)))


def test_init_made_on_first_use_works_whichever_way_it_is_reached():
    # a subclass first, then through super() from a subclass's own __init__, then the record
    made, twins = shapes(record), shapes(FROZEN)
    one = made["One"]

    class Own(one):
        def __init__(self, a):
            super().__init__(a.upper())

    assert repr(made["Plain"]("x")) == repr(twins["Plain"]("x"))
    assert Own("y").a == "Y" and one("z") == one("z") and one.__init__ is one.__init__
    flags = made["Flags"]
    first, second = flags("x"), flags("x")
    assert first.made == {} and first.made is not second.made  # a fresh default from the factory each time
    assert str(inspect.signature(made["Child"])) == str(inspect.signature(twins["Child"]))


def test_a_mutable_records_init_sets_through_the_class_setattr_as_dataclass_does():
    def watched(make) -> list[str]:
        seen: list[str] = []

        @make
        class Watched:
            a: str
            b: list = field(default_factory=list)

            def __setattr__(self, name, value):
                seen.append(name)
                object.__setattr__(self, name, value)

        Watched("x").a = "y"
        return seen

    assert watched(record(frozen=False)) == watched(dataclasses.dataclass) == ["a", "b", "a"]


def test_new_dataclasses_are_records():
    # each plain @dataclass costs ~1 ms of every process (slots=True makes a new class: left as is)
    sources = Path(vinhdanh.__file__).parent.rglob("*.py")
    plain = [f"{path.name}: {line}" for path in sources for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"@(dataclasses\.)?dataclass\b(?!\(slots=True\))", line)]
    assert plain == [], "use @record (frozen) or @record(frozen=False) from vinhdanh.records"

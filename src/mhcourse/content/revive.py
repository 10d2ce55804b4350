"""Make a model again from the JSON it was dumped to, without pydantic's validators (the catalog cache).

Validating a cached module only says again what load_module already checked: the catalog cache
keeps only modules that passed every check, under a SHA-256 of the entry and a hash of the models'
source (content/cache.py). Building the validators to do it cost some 50 ms of every start (the
format's models build them at their first validation, `defer_build`), where a cached catalog of 32
modules is otherwise made in a few milliseconds.

What is still checked here, cheaply, is the shape: each table has every required key and no other,
each value has its JSON type (an int is not a bool, a list is a list), a literal is one of its
values, a question's `type` names a kind of question. So an entry edited by hand but given a
matching SHA-256 cannot hand the faces a string where they expect a number. The format's bounds and
patterns (a slug's letters, 1 to 600 minutes) are not checked again: the hashes vouch for them.

The result is what validation gives: the same classes, the same values and types (a whole number
in a float field becomes a float, as strict validation from JSON makes it), the same fields set
(model_construct sets those given, so `exclude_unset` dumps the same), defaults and private
attributes filled in the same way. tests/unit/test_catalog_cache.py compares every bundled module
both ways, and types too.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from functools import cache, partial
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

M = TypeVar("M", bound=BaseModel)
Convert = Callable[[Any], Any]


class Unfit(ValueError):
    """The data is not the shape of a dump of the model."""


def revive(model: type[M], data: Any) -> M:
    """`model` made from `data` (json.loads of its model_dump_json), shape-checked but not validated."""
    made: M = _model(model)(data)
    return made


@cache
def _model(model: type[BaseModel]) -> Convert:
    """What model_construct does, for a model with no aliases nor extra keys, at a third of its cost
    (3,400 objects in the bundled catalog: 25 ms through model_construct, which looks up each field's
    aliases and default on every call)."""
    fields = model.__pydantic_fields__  # collected when the class is made, even with defer_build
    if model.model_config.get("extra") == "allow" or any(
            info.alias or info.validation_alias for info in fields.values()):
        raise NotImplementedError(f"{model.__name__}: aliases and extra keys are not revived")
    plan = [(name, _plain(info.annotation), _converter(info.annotation, [info, *info.metadata]),
             None if info.is_required() else _default(info)) for name, info in fields.items()]
    known = fields.keys()
    required = frozenset(name for name, _, _, default in plan if default is None)
    post_init = model.model_post_init if model.__pydantic_post_init__ else None
    new = model.__new__
    setattr_ = object.__setattr__

    def made(data: Any) -> BaseModel:
        if type(data) is not dict or not required <= data.keys() or not data.keys() <= known:
            raise Unfit(f"not a {model.__name__}")
        values = {}
        for name, kinds, convert, default in plan:  # in the fields' order, as validation fills __dict__
            if name not in data:
                values[name] = default()  # type: ignore[misc]
            elif kinds is None:
                values[name] = convert(data[name])
            elif type(value := data[name]) in kinds:  # most values: checked here, without a call per value
                values[name] = value
            else:
                raise Unfit(f"{model.__name__}.{name}: unexpected {type(value).__name__}")
        made = new(model)
        setattr_(made, "__dict__", values)
        setattr_(made, "__pydantic_fields_set__", set(data))
        setattr_(made, "__pydantic_extra__", None)
        setattr_(made, "__pydantic_private__", None)
        if post_init is not None:  # private attributes to their defaults (Module's translations)
            post_init(made, None)
        return made

    return made


def _default(info: FieldInfo) -> Callable[[], Any]:
    """A field's default, made as validation makes it: a fresh one from its factory (a new list
    for each model), else the value itself. Worked out once: pydantic's get_default inspects the
    factory's signature at every call (a third of the time here)."""
    factory = info.default_factory
    if factory is None:
        value = info.default
        if value is None or type(value) in (bool, int, float, str):  # get_default would hand back this very one
            return lambda: value
        return partial(info.get_default, call_default_factory=False)  # a copy of a mutable default
    if factory in (list, dict):  # asking a builtin's signature costs a parse of its text signature
        return factory
    if info.default_factory_takes_validated_data:
        raise NotImplementedError(f"a default factory that reads other fields: {factory!r}")
    return factory  # type: ignore[return-value]


def _converter(annotation: Any, metadata: list[Any] = ()) -> Convert:  # type: ignore[assignment]
    """How to check and convert one value of this annotation (as pydantic keeps it in a FieldInfo)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *more = get_args(annotation)
        return _converter(base, [*metadata, *more])
    discriminator = next((m.discriminator for m in metadata if getattr(m, "discriminator", None)), None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    if origin is list:
        [of] = get_args(annotation)
        kinds = _plain(of)
        if kinds is not None:  # a list of words: the list json.loads made is kept (nothing else holds it)
            return lambda value: value if type(value) is list and all(type(v) in kinds for v in value) \
                else _unfit(value)
        item = _converter(of)
        return lambda value: [item(each) for each in _of(value, list)]
    if origin in (Union, types.UnionType):
        members = [m for m in get_args(annotation) if m is not type(None)]
        if discriminator is not None:
            return _tagged(members, discriminator)
        if len(members) == 1 and len(get_args(annotation)) == 2:  # X | None
            inner = _converter(members[0])
            return lambda value: None if value is None else inner(value)
    if origin is Literal:
        allowed = {(type(v), v) for v in get_args(annotation)}
        return lambda value: value if (type(value), value) in allowed else _unfit(value)
    if annotation is float:
        return lambda value: float(value) if type(value) in (float, int) else _unfit(value)
    if annotation in (str, int, bool):
        return lambda value: value if type(value) is annotation else _unfit(value)
    # A new kind of field in the format: teach this module its JSON form (found by the cache's tests).
    raise NotImplementedError(f"no way to revive {annotation!r}")


def _plain(annotation: Any) -> tuple[type, ...] | None:
    """The JSON types a plain value of this annotation has, kept as they are: `str` for a Text, (str, None)
    for an optional one; None when the value needs converting (a model, a list, a float, a literal)."""
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if annotation in (str, int, bool):
        return (annotation,)
    args = get_args(annotation)
    if get_origin(annotation) in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = _plain(next(a for a in args if a is not type(None)))
        return None if inner is None else (*inner, type(None))
    return None


def _tagged(members: list[Any], key: str) -> Convert:
    """A discriminated union of models: the value of `key` says which."""
    by_tag: dict[Any, Convert] = {}
    for member in members:
        for tag in get_args(member.__pydantic_fields__[key].annotation):
            by_tag[tag] = _model(member)

    def made(value: Any) -> Any:
        try:
            return by_tag[_of(value, dict)[key]](value)
        except (KeyError, TypeError):  # no tag, or an unhashable one
            raise Unfit(f"no {key} of a known kind") from None

    return made


def _of(value: Any, kind: type) -> Any:
    return value if type(value) is kind else _unfit(value)


def _unfit(value: Any) -> Any:
    raise Unfit(f"unexpected {type(value).__name__}")

"""The JSON Schema of format 1, for editors (taplo, Even Better TOML) and for `mhcourse schema`."""

from __future__ import annotations

import json

from .models import Module


def schema_json() -> str:
    return json.dumps(Module.model_json_schema(), indent=2, ensure_ascii=False) + "\n"

"""The line-tracking YAML reader moved to `simulator.yamlfile` (the coder's and the scorer's
data files use it too, and the coder sits below the scenario package); this keeps the
old import path working."""

from simulator.yamlfile import (  # noqa: F401
    MAX_BYTES, FileProblems, Problem, field_name, fields_at, line_of, read_yaml, validation_problems,
)

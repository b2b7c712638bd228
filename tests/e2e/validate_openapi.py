#!/usr/bin/env python3
"""Checks that a file holds a valid OpenAPI document.

Usage: validate_openapi.py FILE
Exit status 0 if openapi-spec-validator accepts it, 1 with the errors on
stdout if not, 2 if the file cannot be read as JSON, 3 if the validator is
not installed. Used by tests/e2e/open_api_test.cpp.
"""
import json
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    try:
        import openapi_spec_validator
    except ImportError as e:
        print(f"openapi_spec_validator is not installed: {e}")
        return 3
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            spec = json.load(f)
    except (OSError, ValueError) as e:
        print(f"cannot read {sys.argv[1]} as JSON: {e}")
        return 2

    errors = []
    # Every error, not just the first, when this version of the validator
    # can list them; otherwise the one validate() raises.
    validator_cls = None
    try:
        from openapi_spec_validator.validation.validators import SpecValidator  # noqa: F401
        version = str(spec.get("openapi", ""))
        if version.startswith("3.1"):
            validator_cls = openapi_spec_validator.OpenAPIV31SpecValidator
        elif version.startswith("3.0"):
            validator_cls = openapi_spec_validator.OpenAPIV30SpecValidator
    except (ImportError, AttributeError):
        validator_cls = None
    if validator_cls is not None:
        try:
            errors = [str(e) for e in validator_cls(spec).iter_errors()]
        except Exception as e:  # a validator that cannot even walk the document
            errors = [f"{type(e).__name__}: {e}"]
    else:
        try:
            openapi_spec_validator.validate(spec)
        except Exception as e:
            errors = [f"{type(e).__name__}: {e}"]

    for e in errors[:20]:
        print(e[:2000])
        print("---")
    if len(errors) > 20:
        print(f"... and {len(errors) - 20} more")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

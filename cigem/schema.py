"""OpenAPI post-processing: document the error answers every operation can give.

drf-spectacular documents the success answers it can infer. Authentication, permission,
throttling, validation and not-found answers come from DRF itself for any view, so they are added
here once for all operations, with DRF's error shape.
"""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}

ERRORS = {
    "400": "The request is malformed; the body says which field and why.",
    "401": "Authentication is missing or wrong.",
    "403": "The person's role does not open this operation.",
    "404": "Not found, or not visible to this person.",
    "405": "Method not allowed.",
    "429": "Too many requests; try again later.",
}


def add_error_responses(result, generator, request, public):
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
    return result

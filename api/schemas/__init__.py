"""Request and response bodies, one module per router (`api/routers/<name>.py` is served by
`api/schemas/<name>.py`): pydantic models with field limits and OpenAPI examples.

Names follow `XCreate` (request to create), `XPublic` (a resource as returned), `XsPublic` (a page).
Enum values are the lower-case words of docs/DOMAIN.md. Unknown fields are refused (422).
"""

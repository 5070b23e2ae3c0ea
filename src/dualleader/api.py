"""The JSON API at /api/v1/. Each app contributes a router; permissions are the same predicates the
pages use."""

from ninja import NinjaAPI

api = NinjaAPI(title="双带头人工作室平台 API", version="1", urls_namespace="api",
               openapi_url="/openapi.json", docs_url="/docs")

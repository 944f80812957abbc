"""The versioned JSON API (`/api/v1`): stateless plans and the OpenAPI document."""


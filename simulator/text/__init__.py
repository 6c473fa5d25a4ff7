"""Plain-text helpers: readability figures and sandboxed templates."""

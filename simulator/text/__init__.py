"""Plain-text helpers: the one tokeniser and word lists (tokens), lemmas and stems, content-word
overlap ("does this text tell that fact"), readability figures, dates and sandboxed templates."""

"""Plugins registered from the tests folder alone: a value type and a language's header words (issue #26)."""

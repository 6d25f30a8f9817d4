//! Placeholder: filled in by the store issue.

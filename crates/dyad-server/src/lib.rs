//! Placeholder: filled in by the server issue.

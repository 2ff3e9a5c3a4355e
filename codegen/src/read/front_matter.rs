//! TODO(reader helper)

//! Unit tests of `source`.

use super::*;

#[test]
fn explain_suggests_the_closest_key() {
    let (m, h) = explain("unknown field `provincie`, expected one of `name`, `province`, `notes`");
    assert_eq!(m, "unknown key `provincie`");
    assert_eq!(h.as_deref(), Some("did you mean `province`?"));
}

#[test]
fn explain_missing_field() {
    let (m, h) = explain("missing field `name`");
    assert_eq!(m, "required key `name` is missing");
    assert_eq!(h.as_deref(), Some("add `name = …` to this table"));
}

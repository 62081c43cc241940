//! Unit tests of `synth`.

use super::*;

fn topics() -> Vec<String> {
    ["a", "b", "c", "d"].map(String::from).to_vec()
}

#[test]
fn same_seed_same_files_other_seed_other_files() {
    let a = municipalities(50, 1, &topics(), &["s".into()]);
    let b = municipalities(50, 1, &topics(), &["s".into()]);
    let c = municipalities(50, 2, &topics(), &["s".into()]);
    assert_eq!(
        a.iter().map(|f| &f.toml).collect::<Vec<_>>(),
        b.iter().map(|f| &f.toml).collect::<Vec<_>>()
    );
    assert_ne!(a[0].toml, c[0].toml);
}

#[test]
fn names_and_slugs_are_unique_at_scale() {
    let files = municipalities(20_000, 7, &topics(), &["s".into()]);
    let slugs: BTreeSet<&str> = files.iter().map(|f| f.slug.as_str()).collect();
    let names: BTreeSet<String> = files.iter().map(|f| f.name.to_lowercase()).collect();
    assert_eq!(slugs.len(), files.len());
    assert_eq!(names.len(), files.len());
    assert!(files.iter().all(|f| crate::text::is_slug(&f.slug)));
}

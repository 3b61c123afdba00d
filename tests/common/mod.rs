//! Helpers shared by the integration tests.

/// insta settings: snapshots go to the top-level `snapshots/` folder, named
/// without the test module's prefix.
#[allow(dead_code)] // not every test binary that includes this module uses it
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// Copies a directory tree (a rules folder) so a test can edit its copy.
#[allow(dead_code)] // not every test binary that includes this module uses it
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The `.ron` files directly in `dir` (e.g. `tests/scenarios`), sorted.
#[allow(dead_code)] // not every test binary that includes this module uses it
pub fn ron_files(dir: impl AsRef<std::path::Path>) -> Vec<std::path::PathBuf> {
    oversight::source::ron_files(dir.as_ref(), false).unwrap()
}

/// A small vocabulary for tests of mechanics, so that no such test depends
/// on what the real law says.
#[allow(dead_code)] // not every test binary that includes this module uses it
pub const VOCABULARY: &str = include_str!("../test-law/rules/vocabulary.ron");

/// Two bodies and a group of both, for tests of mechanics.
#[allow(dead_code)]
pub const BODIES: &str = include_str!("../test-law/rules/bodies.ron");

/// A provision file of the test law holding these rules.
#[allow(dead_code)]
pub fn provision(rules: &str) -> String {
    format!(
        r#"Provision(
    act: "Test Act", section: "1", usc: "99 U.S.C. 1", title: "Test",
    in_force: (from: "2000-01-01", by: "Test Act"), confidence: Text, sources: [],
    rules: [
{rules}
    ],
)"#
    )
}

/// Writes a rules directory of the test law (`vocabulary.ron`, `bodies.ron`,
/// `law/test.ron` holding `rules`) under `dir`.
#[allow(dead_code)]
pub fn write_test_rules(dir: &std::path::Path, rules: &str) {
    std::fs::create_dir_all(dir.join("law")).unwrap();
    std::fs::write(dir.join("vocabulary.ron"), VOCABULARY).unwrap();
    std::fs::write(dir.join("bodies.ron"), BODIES).unwrap();
    std::fs::write(dir.join("law/test.ron"), provision(rules)).unwrap();
}

/// Runs `oversight ARGS` in `dir` (the crate root if `None`) without colour,
/// asserts that it succeeded, and returns its standard output.
#[allow(dead_code)]
pub fn oversight_stdout(dir: Option<&std::path::Path>, args: &[&str]) -> String {
    let mut command = assert_cmd::Command::cargo_bin("oversight").unwrap();
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command.env("NO_COLOR", "1").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "oversight {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

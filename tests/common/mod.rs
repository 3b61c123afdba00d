//! Helpers shared by the integration tests.

/// insta settings: snapshots go to the top-level `snapshots/` folder, named
/// without the test module's prefix.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

//! Embeds every file under `rules/` in the binary, in sorted path order, and
//! the law compiled from them, so that a run loads the rule book instead of
//! parsing and compiling 94 KB of RON at every start.
//!
//! The compiler is the core crate's (`crates/core`), a build-dependency.
//! When the rules do not compile, no compiled book is embedded and the
//! binary compiles them at run time, where `oversight validate` reports why.

use oversight_core::{compile, source};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() -> std::io::Result<()> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(std::io::Error::other)?);
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let files = source::ron_files(&rules, true)?;
    let mut code = String::from(
        "/// Every rule file, as (path relative to the crate root, text).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path.strip_prefix(&root).map_err(std::io::Error::other)?;
        let relative = relative.to_string_lossy().replace('\\', "/");
        writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .map_err(std::io::Error::other)?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(std::io::Error::other)?);
    std::fs::write(out.join("embedded_rules.rs"), code)?;
    std::fs::write(out.join("rulebook.postcard"), compiled_law(&root, &files)?)
}

/// The law (vocabulary, bodies, `law/*.ron`) compiled and serialized with
/// postcard, or nothing when it does not compile.
fn compiled_law(root: &Path, files: &[PathBuf]) -> std::io::Result<Vec<u8>> {
    let mut sources = Vec::new();
    for path in files {
        let relative = path.strip_prefix(root).map_err(std::io::Error::other)?;
        let name = relative.to_string_lossy().replace('\\', "/");
        sources.push(source::SourceFile::new(
            name,
            std::fs::read_to_string(path)?,
        ));
    }
    let Ok(sources) = compile::RuleSources::from_files(sources) else {
        return Ok(Vec::new());
    };
    match compile::compile(&sources) {
        Ok(book) => postcard::to_stdvec(&book).map_err(std::io::Error::other),
        Err(_) => {
            println!(
                "cargo:warning=the rules in rules/ do not compile; run `oversight validate` to see why"
            );
            Ok(Vec::new())
        }
    }
}

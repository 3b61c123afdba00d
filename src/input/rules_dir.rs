//! Finding the rule files: the embedded set, or a directory given with `--rules`.

use std::path::Path;

use super::err::InputError;
use crate::compile::{RuleSources, compile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::RuleBook;
use crate::source::FileError;
use crate::source::SourceFile;

/// The rule files embedded in the binary.
pub fn embedded_sources() -> Result<RuleSources, Diagnostics> {
    let files: Vec<SourceFile> = crate::input::embedded::FILES
        .iter()
        .map(|(name, text)| SourceFile::new(*name, *text))
        .collect();
    arrange("rules", files)
}

/// The rule files under a directory: `vocabulary.ron`, `bodies.ron` and `law/*.ron`.
pub(crate) fn directory_sources(dir: &Path) -> Result<RuleSources, Diagnostics> {
    let display = dir.display().to_string();
    if !dir.is_dir() {
        return Err(Diagnostics::one(
            Diagnostic::in_file(&display, InputError::RulesDirNotFound)
                .with_help("give a directory holding `vocabulary.ron`, `bodies.ron` and `law/`"),
        ));
    }
    let mut diagnostics = Diagnostics::default();
    let mut required = |name: &str| {
        let path = dir.join(name);
        if path.is_file() {
            Some(read(&path, &mut diagnostics))
        } else {
            diagnostics.push(
                Diagnostic::in_file(
                    &path.display().to_string(),
                    InputError::RuleFileMissing {
                        name: name.to_string(),
                    },
                )
                .with_help(
                    "a rules directory holds `vocabulary.ron`, `bodies.ron` and `law/*.ron`",
                ),
            );
            None
        }
    };
    let vocabulary = required("vocabulary.ron");
    let bodies = required("bodies.ron");
    let mut law = Vec::new();
    let law_dir = dir.join("law");
    match ron_files_in(&law_dir) {
        Ok(paths) if paths.is_empty() => diagnostics.push(
            Diagnostic::in_file(&law_dir.display().to_string(), InputError::NoLawFiles)
                .with_help("a rules directory holds at least one provision in `law/*.ron`"),
        ),
        Ok(paths) => {
            for path in paths {
                law.push(read(&path, &mut diagnostics));
            }
        }
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
    match (vocabulary, bodies) {
        (Some(vocabulary), Some(bodies)) if diagnostics.is_empty() => Ok(RuleSources {
            vocabulary,
            bodies,
            law,
            proposals: Vec::new(),
        }),
        _ => Err(diagnostics),
    }
}

/// The `.ron` files directly in `dir`, in path order.
fn ron_files_in(dir: &Path) -> Result<Vec<std::path::PathBuf>, Diagnostic> {
    crate::source::ron_files(dir, false).map_err(|error| {
        Diagnostic::in_file(
            &dir.display().to_string(),
            FileError::ReadDir {
                reason: error.to_string(),
            },
        )
    })
}

fn read(path: &Path, diagnostics: &mut Diagnostics) -> SourceFile {
    let name = path.display().to_string();
    match crate::source::read_path(path) {
        Ok(text) => SourceFile::new(name, text),
        Err(problem) => {
            diagnostics.push(Diagnostic::in_file(&name, problem));
            SourceFile::new(name, "")
        }
    }
}

/// Sorts files into vocabulary, bodies and law by their path.
fn arrange(root: &str, files: Vec<SourceFile>) -> Result<RuleSources, Diagnostics> {
    RuleSources::from_files(files).map_err(|name| {
        Diagnostics::one(
            Diagnostic::in_file(
                &format!("{root}/{name}"),
                InputError::RuleFileMissing {
                    name: name.to_string(),
                },
            )
            .with_help("a rules directory holds `vocabulary.ron`, `bodies.ron` and `law/*.ron`"),
        )
    })
}

/// The proposals embedded in the binary (`rules/proposals/*.ron`), in path order.
pub fn embedded_proposals() -> Vec<SourceFile> {
    crate::input::embedded::FILES
        .iter()
        .filter(|(name, _)| name.starts_with("rules/proposals/"))
        .map(|(name, text)| SourceFile::new(*name, *text))
        .collect()
}

/// The proposals that come with a rule book: those embedded in the binary,
/// or, for a rules directory, the `.ron` files in its `proposals/` folder
/// (none when it has no such folder), in path order.
pub fn proposals_of(dir: Option<&Path>) -> Result<Vec<SourceFile>, Diagnostics> {
    let Some(dir) = dir else {
        return Ok(embedded_proposals());
    };
    let folder = dir.join("proposals");
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let paths = ron_files_in(&folder).map_err(Diagnostics::one)?;
    let mut diagnostics = Diagnostics::default();
    let files = paths
        .iter()
        .map(|path| read(path, &mut diagnostics))
        .collect();
    diagnostics.into_result(files)
}

/// The `id` a proposal file declares, if it parses that far.
pub fn proposal_id(file: &SourceFile) -> Option<String> {
    crate::parse::parse::<crate::syntax::ProposalFile>(file)
        .ok()
        .map(|p| p.id.value)
}

/// Finds a proposal given on the command line: a file on disk, else one of
/// the rule book's proposals (see [`proposals_of`]) named by its file name
/// (with or without `.ron`) or by its `id`.
pub fn find_proposal(name: &str, dir: Option<&Path>) -> Result<SourceFile, Diagnostics> {
    let path = Path::new(name);
    if path.is_file() {
        let mut diagnostics = Diagnostics::default();
        let file = read(path, &mut diagnostics);
        return diagnostics.into_result(file);
    }
    let wanted = name
        .trim_end_matches(".ron")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_string();
    let known = proposals_of(dir)?;
    let stem = |f: &SourceFile| {
        Path::new(&f.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    if let Some(found) = known.iter().find(|f| stem(f) == wanted) {
        return Ok(found.clone());
    }
    if let Some(found) = known
        .iter()
        .find(|f| proposal_id(f).is_some_and(|id| id == wanted))
    {
        return Ok(found.clone());
    }
    let stems: Vec<String> = known.iter().map(stem).collect();
    let place = match dir {
        Some(dir) => format!("in {}", dir.join("proposals").display()),
        None => String::from("embedded"),
    };
    Err(Diagnostics::one(
        Diagnostic::in_file(
            name,
            InputError::UnknownProposal {
                place: place.to_string(),
            },
        )
        .with_suggestion(&wanted, stems.iter().map(String::as_str), "proposal"),
    ))
}

/// The embedded law as `build.rs` compiled it (postcard), or empty when the
/// rules did not compile at build time.
pub(crate) static PRECOMPILED_LAW: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/rulebook.postcard"));

/// The embedded law: loaded from its compiled form when the build made one
/// (a fraction of a millisecond), compiled from the RON files otherwise.
pub(crate) fn embedded_law() -> Result<RuleBook, Diagnostics> {
    match postcard::from_bytes::<RuleBook>(PRECOMPILED_LAW) {
        Ok(book) => Ok(book),
        Err(_) => compile(&embedded_sources()?),
    }
}

/// Compiles the embedded rules, or those under `dir` when given.
pub fn load_rulebook(dir: Option<&Path>) -> Result<RuleBook, Diagnostics> {
    load_rulebook_with(dir, &[])
}

/// Compiles the law with proposals applied on top, in order.
pub fn load_rulebook_with(
    dir: Option<&Path>,
    proposals: &[SourceFile],
) -> Result<RuleBook, Diagnostics> {
    if dir.is_none() && proposals.is_empty() {
        return embedded_law();
    }
    let mut sources = match dir {
        Some(dir) => directory_sources(dir)?,
        None => embedded_sources()?,
    };
    sources.proposals = proposals.to_vec();
    compile(&sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_precompiled_law_is_exactly_what_compiling_the_embedded_files_gives() {
        let compiled = embedded_sources().and_then(|sources| compile(&sources));
        let Ok(compiled) = compiled else {
            panic!("the embedded rules must compile");
        };
        assert!(
            !PRECOMPILED_LAW.is_empty(),
            "build.rs embedded no compiled law"
        );
        assert_eq!(
            postcard::to_stdvec(&compiled).ok().as_deref(),
            Some(PRECOMPILED_LAW)
        );
    }
}

//! Entry points into single stages, for the micro-benchmarks in `benches/`
//! and the fuzz targets in `fuzz/`, which time or stress one part of a build
//! on its own. Not part of gloss's interface: names and types here change
//! whenever the code inside does.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostics;

pub use crate::load::frontmatter::{split, Fields};
pub use crate::load::ARTICLE_KEYS;
pub use crate::matcher::{NameIndex, NameIndexBuilder, Owner};
pub use crate::model::{Site, Target};
pub use crate::render::markdown::{render_body, BodyContext};
pub use crate::render::pages::{render_job, Aggregates, Job};
pub use crate::render::{name_index, SiteText};
pub use crate::theme::Theme;
pub use crate::urls::output_file;

/// Loads, resolves and renders the Markdown of the site at `root`, as the
/// first stages of a build do.
pub fn prepare(root: &Path) -> Result<(Site, SiteText, Arc<Theme>), Diagnostics> {
    crate::pipeline::prepare(root)
}

/// Reads and decodes every file of the site at `root`; returns how many
/// documents it found.
pub fn load(root: &Path, diags: &mut Diagnostics) -> usize {
    crate::pipeline::load(root, diags)
}

/// Reads and decodes one content file, as the load stage does; returns
/// whether it became a document, and what was found wrong.
pub fn load_file(root: &Path, path: &Path) -> (bool, Diagnostics) {
    let (doc, diags) = crate::load::load_file(root, path, &[]);
    (doc.is_some(), diags)
}

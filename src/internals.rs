//! Entry points into single stages, for the micro-benchmarks in `benches/`
//! and the fuzz targets in `fuzz/`, which time or stress one part of a build
//! on its own. Not part of gloss's interface: names and types here change
//! whenever the code inside does.

pub use crate::load::frontmatter::{split, Fields};
pub use crate::matcher::{NameIndex, NameIndexBuilder, Owner};
pub use crate::model::{Site, Target};
pub use crate::progress::Progress;
pub use crate::render::markdown::{render_body, BodyContext, RenderedBody};
pub use crate::render::pages::{render_job, Aggregates, Job};
pub use crate::render::{name_index, SiteText};
pub use crate::theme::Theme;
pub use crate::urls::output_file;

//! The folder where the pictures made for a site are kept between builds,
//! `.gloss-cache/pictures/` in the site: each file under the name it is
//! published with, which carries a hash of its source and of the settings
//! it was made with, so nothing unchanged is encoded twice, whether by
//! `gloss build` after `gloss build` or by the preview server after an
//! edit. Deleting the folder is always safe: it is made again.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The cache folder, from the site's root.
pub const FOLDER: &str = ".gloss-cache/pictures";

pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(root: &Path) -> Cache {
        Cache {
            dir: root.join(FOLDER),
        }
    }

    /// Where the file published as `name` (`harbor-HASH-960.webp`) is kept.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Keeps `bytes` as `name`, through a temporary file and a rename, so
    /// that a build stopped halfway never leaves half a picture to reuse.
    pub fn store(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let mut temporary = tempfile::NamedTempFile::new_in(&self.dir)?;
        io::Write::write_all(&mut temporary, bytes)?;
        temporary.persist(self.path(name)).map_err(|e| e.error)?;
        Ok(())
    }
}

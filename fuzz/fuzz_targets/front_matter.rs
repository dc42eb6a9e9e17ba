//! One content file's bytes through front-matter splitting and decoding, as an
//! entity and as an article; a file that decodes is built with the fixed site.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gloss_fuzz::with_sandbox(|sandbox| sandbox.front_matter(data));
});

//! One article through the whole pipeline beside a fixed set of entities. An
//! input without its own front matter is a body under a fixed front matter
//! that annotates every entity, so most inputs reach the matcher and renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gloss_fuzz::with_sandbox(|sandbox| sandbox.article(data));
});

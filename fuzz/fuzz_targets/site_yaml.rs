//! `site.yaml` replaced by the input, over a fixed site whose article links
//! every way a page can (Markdown links, `@` mentions, images, fragments).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gloss_fuzz::with_sandbox(|sandbox| sandbox.site_yaml(data));
});

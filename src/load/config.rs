//! `site.yaml`: the site's settings, with defaults for everything left out.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostics::SourceFile;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::load::frontmatter::Fields;
use crate::load::moves::{take_site_moves, SiteMoves};
use crate::model::{AnnotateMode, SiteConfig};

/// The keys of site.yaml.
pub const KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "annotate",
    "output_dir",
    "search",
    "paginate_by",
    "entities_per_page",
    "redirects",
    "gone",
    "render_limits",
    "extra",
];

/// Reads `root/site.yaml` if there is one, or decodes `given` in its place
/// (an editor's unsaved text): the settings, and the addresses it
/// redirects or gives up.
pub fn load_config(
    root: &Path,
    base_url: Option<&str>,
    given: Option<&str>,
    diags: &mut Diagnostics,
) -> (SiteConfig, SiteMoves) {
    let errors_before = diags.error_count();
    let (mut config, moves) = read_config(root, given, diags);
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        match build_time(&epoch) {
            Some(time) => {
                config.today = time.date_naive();
                config.epoch = Some(time);
            }
            None => diags.push(
                Diagnostic::error(
                    Code::WrongValue,
                    "SOURCE_DATE_EPOCH",
                    format!("`SOURCE_DATE_EPOCH={epoch}` is not a number of seconds since 1970"),
                )
                .with_help("unset it to build as of today, or set a Unix time such as 1726704000"),
            ),
        }
    }
    if let Some(base) = base_url {
        match check_base_url(base) {
            Ok(()) => config.base_url = normalize_base_url(base),
            Err(why) => diags.push(
                Diagnostic::error(
                    Code::WrongValue,
                    "--base-url",
                    format!("invalid `--base-url`: {why}"),
                )
                .with_help(BASE_URL_HELP),
            ),
        }
    }
    // A refused base_url is reported already; a warning about it would repeat it.
    if !config.has_absolute_base() && diags.error_count() == errors_before {
        let message = if config.base_url.is_empty() {
            "no `base_url` is set, so the feeds and sitemaps use relative links"
        } else {
            "`base_url` is a path, not an absolute URL, so the feeds and sitemaps use relative links"
        };
        diags.push(
            Diagnostic::warning(Code::RelativeBaseUrl, "site.yaml", message).with_help(
                "set `base_url: https://your.host/path` in site.yaml (`gloss build` also takes `--base-url`)",
            ),
        );
    }
    (config, moves)
}

fn read_config(
    root: &Path,
    given: Option<&str>,
    diags: &mut Diagnostics,
) -> (SiteConfig, SiteMoves) {
    let mut config = SiteConfig::default();
    let text = match given {
        Some(text) if text.len() > super::MAX_FRONT_MATTER => {
            diags.push(too_large());
            None
        }
        Some(text) => Some(text.to_string()),
        None => read_config_text(root, diags),
    };
    let Some(text) = text else {
        return (config, SiteMoves::default());
    };
    let file = Arc::new(SourceFile::new("site.yaml", text));
    let yaml = 0..file.text.len();
    let Some(mut fields) = Fields::parse(&file, yaml, diags) else {
        return (config, SiteMoves::default());
    };
    take_identity(&mut fields, &mut config);
    take_language(&mut fields, &mut config);
    take_annotate(&mut fields, &mut config);
    take_output(&mut fields, &mut config);
    let moves = take_site_moves(&mut fields);
    take_render_limits(&mut fields, &mut config);
    fields.finish(KEYS);
    (config, moves)
}

/// The text of `root/site.yaml`, or `None` if it is missing (silently) or
/// cannot be read (reported).
fn read_config_text(root: &Path, diags: &mut Diagnostics) -> Option<String> {
    let path = root.join("site.yaml");
    // A link to /etc/passwd would otherwise be read, and its lines shown in
    // the errors: the rule of content/, templates/ and static/ (G0113).
    if crate::fsutil::outside_site(&crate::fsutil::real_path(root), &path) {
        diags.push(super::outside_link(root, &path));
        return None;
    }
    let bytes = crate::fsutil::read_capped(&path, super::MAX_FRONT_MATTER as u64);
    let text = match bytes.map(|b| b.map(String::from_utf8)) {
        Ok(Some(Ok(text))) => text,
        Ok(Some(Err(err))) => {
            let at = err.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let file = Arc::new(SourceFile::new("site.yaml", lossy));
            diags.push(
                Diagnostic::error(Code::NotUtf8, "site.yaml", "site.yaml is not valid UTF-8")
                    .at(&file, at..at + 1)
                    .with_help("save the file as UTF-8"),
            );
            return None;
        }
        Ok(None) => {
            diags.push(too_large());
            return None;
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return None,
        Err(err) => {
            diags.push(match crate::fsutil::not_regular(&err) {
                Some(kind) => super::not_regular_file("site.yaml", kind),
                None => Diagnostic::error(
                    Code::Unreadable,
                    "site.yaml",
                    format!("cannot read site.yaml: {err}"),
                ),
            });
            return None;
        }
    };
    Some(text)
}

fn too_large() -> Diagnostic {
    Diagnostic::error(Code::TooLarge, "site.yaml", "site.yaml is over 64 KiB")
        .with_help("site.yaml holds settings only; move long text into content/")
}

/// `title`, `base_url` and `description`.
fn take_identity(fields: &mut Fields, config: &mut SiteConfig) {
    if let Some(title) = fields.take::<String>("title", "a plain string, e.g. `title: Explainers`")
    {
        config.title = title;
    }
    if let Some(base) = fields.take::<String>("base_url", BASE_URL_HELP) {
        match check_base_url(&base) {
            Ok(()) => config.base_url = normalize_base_url(&base),
            Err(why) => {
                let span = fields.span_of("base_url");
                fields.error_at(span, format!("invalid `base_url`: {why}"), BASE_URL_HELP);
            }
        }
    }
    if let Some(description) = fields.take::<String>("description", "a plain string") {
        config.description = description;
    }
}

/// `language`, which must be a BCP 47 tag.
fn take_language(fields: &mut Fields, config: &mut SiteConfig) {
    if let Some(language) = fields.take::<String>("language", "a language tag such as `en`") {
        // A BCP 47 tag: letters, digits and hyphens (it goes into `<html lang>` and feeds).
        let is_tag = (2..=35).contains(&language.len())
            && language.starts_with(|c: char| c.is_ascii_alphabetic())
            && language
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if is_tag {
            config.language = language;
        } else {
            let span = fields.span_of("language");
            fields.error_at(
                span,
                format!("`{language}` is not a language tag"),
                "write a tag such as `en`, `en-GB` or `pt-BR`",
            );
        }
    }
}

/// `annotate`: `first` or `all`.
fn take_annotate(fields: &mut Fields, config: &mut SiteConfig) {
    if let Some(mode) = fields.take::<String>("annotate", "`first` or `all`") {
        match mode.as_str() {
            "first" => config.annotate = AnnotateMode::First,
            "all" => config.annotate = AnnotateMode::All,
            _ => {
                let span = fields.span_of("annotate");
                fields.error_at(
                    span,
                    format!("`annotate` must be `first` or `all`, not `{mode}`"),
                    "use `annotate: first` to mark the first mention of each entity, `all` for every one",
                );
            }
        }
    }
}

/// `output_dir`, `search` and `extra`.
fn take_output(fields: &mut Fields, config: &mut SiteConfig) {
    if let Some(dir) = fields.take::<String>("output_dir", "a folder name such as `public`") {
        config.output_dir = PathBuf::from(dir);
    }
    if let Some(search) = fields.take::<bool>("search", "`search: true` or `search: false`") {
        config.search = search;
    }
    take_paginate_by(fields, config);
    if let Some(extra) = fields.take::<serde_yaml::Value>("extra", "a mapping of free-form values")
    {
        config.extra = extra;
    }
}

/// `paginate_by`: how many entries a page of a list shows.
fn take_paginate_by(fields: &mut Fields, config: &mut SiteConfig) {
    if let Some(n) = take_page_size(fields, "paginate_by", 1000, 20) {
        config.paginate_by = n;
    }
    if let Some(n) = take_page_size(fields, "entities_per_page", 5000, 500) {
        config.entities_per_page = n;
    }
}

/// A page size under `key`, from 1 to `max`; what else is written there is
/// an error at its line.
fn take_page_size(fields: &mut Fields, key: &str, max: usize, example: usize) -> Option<usize> {
    let help = format!("a whole number from 1 to {max}, e.g. `{key}: {example}`");
    let n = fields.take::<u64>(key, &help)?;
    match usize::try_from(n) {
        Ok(n) if (1..=max).contains(&n) => Some(n),
        _ => {
            let span = fields.span_of(key);
            fields.error_at(span, format!("`{key}: {n}` is not a page size"), &help);
            None
        }
    }
}

/// The time of a `SOURCE_DATE_EPOCH` (reproducible builds: the build time is
/// fixed, so the same sources give the same bytes).
fn build_time(epoch: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let secs = epoch.trim().parse::<i64>().ok()?;
    chrono::DateTime::from_timestamp(secs, 0)
}

const BASE_URL_HELP: &str =
    "use the address the site is published at, e.g. `base_url: https://example.org/news`, or a path such as `/news`";

/// Every link of the site starts with the base, so it must be an http(s) URL
/// or a path on the same host: anything else (`javascript:`, `example.org`,
/// `//host`) would send every link somewhere else or run as script.
fn check_base_url(base: &str) -> Result<(), String> {
    let base = base.trim();
    if base.is_empty() || (base.starts_with('/') && !base.starts_with("//")) {
        return Ok(());
    }
    let has_host = |rest: &str| rest.split('/').next().is_some_and(|host| !host.is_empty());
    match crate::links::scheme(base).as_deref() {
        Some("http") | Some("https") => {
            let rest = base.split_once("://").map(|(_, rest)| rest);
            if rest.is_some_and(has_host) {
                Ok(())
            } else {
                Err(format!("`{base}` has no host"))
            }
        }
        Some(scheme) => Err(format!("`{scheme}:` is not a web address")),
        None => Err(format!(
            "`{base}` starts with neither `https://`, `http://` nor `/`"
        )),
    }
}

/// `https://example.org/news/` and `/` become `https://example.org/news` and ``,
/// so that joining with a path that starts with `/` never doubles the slash.
pub fn normalize_base_url(base: &str) -> String {
    let base = base.trim().trim_end_matches('/');
    // `HTTPS://` is the same scheme; links and feeds use the lowercase form.
    match base.split_once("://") {
        Some((scheme, rest)) => format!("{}://{rest}", scheme.to_ascii_lowercase()),
        None => base.to_string(),
    }
}

/// `render_limits`, as written: each limit may be left out.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RenderLimits {
    seconds: Option<f64>,
    output_mib: Option<u64>,
    memory_mib: Option<u64>,
}

const RENDER_LIMITS_HELP: &str = "a mapping of `seconds`, `output_mib` and `memory_mib`, each above zero, e.g. `render_limits: { seconds: 30 }`";

/// `render_limits`: what one page's render may take (docs/site-yaml.md).
fn take_render_limits(fields: &mut Fields, config: &mut SiteConfig) {
    let Some(written) = fields.take::<RenderLimits>("render_limits", RENDER_LIMITS_HELP) else {
        return;
    };
    let limits = &mut config.render_limits;
    if let Some(seconds) = written.seconds {
        match Duration::try_from_secs_f64(seconds) {
            Ok(time) if !time.is_zero() => limits.time = time,
            _ => zero_limit(fields, "seconds"),
        }
    }
    for (key, value, limit) in [
        ("output_mib", written.output_mib, &mut limits.output),
        ("memory_mib", written.memory_mib, &mut limits.memory),
    ] {
        match value.and_then(|mib| mib.checked_mul(1024 * 1024)) {
            Some(0) => zero_limit(fields, key),
            Some(bytes) => *limit = bytes,
            None if value.is_some() => zero_limit(fields, key),
            None => {}
        }
    }
}

fn zero_limit(fields: &mut Fields, key: &str) {
    let span = fields.span_within("render_limits", key);
    fields.error_at(
        span,
        format!("`render_limits.{key}` must be a number above zero"),
        RENDER_LIMITS_HELP,
    );
}

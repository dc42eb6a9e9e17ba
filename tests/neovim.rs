//! A real editor: Neovim from Debian's packages, headless, with its
//! built-in LSP client, runs `tests/editors/neovim.lua` against `gloss lsp`
//! in a copy of the example site. It opens an article, misspells a slug,
//! reads the diagnostic, applies the fix gloss offers and sees the
//! diagnostic clear.
//!
//! The test installs Neovim (`apt-get install neovim`) when it is missing
//! and this user may install packages; otherwise it fails with the
//! command that would. It never skips.

use std::path::Path;
use std::process::Command;

fn neovim() -> Result<(), String> {
    let found = |p: &str| Path::new(p).is_file();
    if found("/usr/bin/nvim") {
        return Ok(());
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let (program, prefix): (&str, &[&str]) = if root {
        ("apt-get", &[])
    } else {
        ("sudo", &["-n", "apt-get"])
    };
    for args in [
        &["update", "-qq"][..],
        &["install", "-y", "-qq", "neovim"][..],
    ] {
        let status = Command::new(program).args(prefix).args(args).status();
        if !status.is_ok_and(|s| s.success()) {
            break;
        }
    }
    match found("/usr/bin/nvim") {
        true => Ok(()),
        false => Err("this test needs Neovim: sudo apt-get install -y neovim".into()),
    }
}

fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(root).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

#[test]
fn neovim_shows_a_misspelt_slug_applies_the_fix_and_the_diagnostic_clears() {
    neovim().unwrap();
    let site = example_site();
    let report = site.path().join("report.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editors/neovim.lua");
    let output = Command::new("timeout")
        .args(["120", "nvim", "--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(site.path())
        .env("GLOSS_BIN", env!("CARGO_BIN_EXE_gloss"))
        .env("GLOSS_REPORT", &report)
        .output()
        .unwrap();
    let seen = std::fs::read_to_string(&report).unwrap_or_else(|_| {
        panic!(
            "Neovim wrote no report: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let lines: Vec<&str> = seen.lines().collect();
    assert_eq!(lines.first(), Some(&"attached"), "{seen}");
    assert!(
        lines.iter().any(
            |l| l.starts_with("diagnostic G0202 no entity `antony-blinkn`")
                && l.contains("did you mean `antony-blinken`?")
        ),
        "{seen}"
    );
    assert!(lines.contains(&"fix Change to `antony-blinken`"), "{seen}");
    assert!(lines.contains(&"line   - antony-blinken"), "{seen}");
    assert_eq!(lines.last(), Some(&"cleared"), "{seen}");
    // Nothing was saved.
    let disk = std::fs::read_to_string(
        site.path()
            .join("content/articles/ceasefire-talks-egypt.md"),
    )
    .unwrap();
    assert!(disk.contains("  - antony-blinken\n"));
}

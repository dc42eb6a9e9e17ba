//! Real-browser tests (SPEC section 4, "Behaviour in a browser"): the example
//! site and `tests/fixtures/browser-edges` are built with the `gloss` binary,
//! then the Node scripts in `tests/browser/` drive headless Chromium through
//! playwright-core and axe-core.
//!
//! Needs Node.js 20+ with npm. The first browser test of a run sets up the
//! rest: the Node packages (`npm ci --prefix tests/browser`) and Debian's
//! Chromium (`apt-get install chromium`, when this user may install
//! packages; `GLOSS_CHROMIUM` names another build). What cannot be set up
//! fails every browser test at once with the command that would; they never
//! skip.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// One browser suite at a time: they measure timings (a card opens within
/// 300 ms), so they must not compete with each other for the CPU.
static BROWSER: Mutex<()> = Mutex::new(());

/// Longest a script may run before it is killed and the test fails.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(240);

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A site whose article has a lead picture, two pictures in its text, an
/// embedded video, a fact box, a pull quote and a person with a portrait;
/// its pictures are made here.
fn pictures_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("content/articles/harbor");
    std::fs::create_dir_all(&bundle).unwrap();
    std::fs::create_dir_all(dir.path().join("content/entities")).unwrap();
    std::fs::write(dir.path().join("site.yaml"), "title: Desk\nsearch: false\n").unwrap();
    for (name, w, h) in [
        ("cranes.jpg", 2000, 1200),
        ("chart.png", 900, 500),
        ("map.jpg", 1200, 900),
    ] {
        let pixels = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 140])
        });
        pixels.save(bundle.join(name)).unwrap();
    }
    let people = dir.path().join("static/people");
    std::fs::create_dir_all(&people).unwrap();
    let portrait = image::RgbImage::from_fn(600, 800, |x, y| {
        let d = (x as i32 - 300).pow(2) + (y as i32 - 300).pow(2);
        let face = d < 150 * 150 || (y > 480 && (x as i32 - 300).abs() < 260);
        image::Rgb(if face { [70, 90, 120] } else { [225, 220, 205] })
    });
    portrait.save(people.join("jane.png")).unwrap();
    std::fs::write(
        dir.path().join("content/entities/jane-doe.md"),
        "---\nname: Jane Doe\nkind: person\nsummary: Director of the port since 2019.\nimage: { src: /people/jane.png, alt: \"Jane Doe, drawn\" }\n---\n",
    )
    .unwrap();
    let words = "The talks resumed in Cairo on Wednesday, with mediators carrying proposals between the delegations. ".repeat(6);
    let text = format!(
        "---\ntitle: The harbor reopens\ndate: 2024-09-19\nimage: {{ src: cranes.jpg, alt: \"Cranes over the harbor at dawn\", credit: \"Photo: Jane Doe\", caption: \"The port reopened on Monday.\" }}\nannotations: [jane-doe]\n---\nJane Doe watched the first ship come in. {words}\n\n{{% factbox(title=\"Key facts\") %}}\n- The port handled **4.1 million** containers last year.\n- It closed for 11 days in September.\n{{% end %}}\n\n![A chart of the cargo handled each month](chart.png \"Cargo by month. | Chart: The Desk\")\n\n{{{{ pullquote(quote=\"The cranes were moving again by noon.\", by=\"Port director\") }}}}\n\n{words}\n\n![Blinken arrives in Cairo](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\n{words}\n\n![A map of the port](map.jpg)\n\n{words}\n"
    );
    std::fs::write(bundle.join("index.md"), text).unwrap();
    dir
}

/// A site in English, Chinese and Arabic with one story in each: the
/// Chinese written without spaces, the Arabic with tashkeel, tatweel and
/// the forms of alef.
fn scripts_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("content/articles");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::create_dir_all(dir.path().join("content/entities")).unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: Desk\nlanguages: [en, zh, ar]\n",
    )
    .unwrap();
    for (file, text) in [
        ("talks.md", "---\ntitle: Talks in Cairo\ndate: 2024-09-19\n---\nAntony Blinken arrived in Cairo on Wednesday.\n"),
        ("talks.zh.md", "---\ntitle: 开罗会谈\ndate: 2024-09-19\n---\n美国国务卿布林肯周三抵达开罗，停火谈判仍在继续。\n"),
        ("talks.ar.md", "---\ntitle: محادثات\ndate: 2024-09-19\n---\nوصل أَنْتُونِي بلـــينكن إلى القاهرة يوم الأربعاء.\n"),
    ] {
        std::fs::write(articles.join(file), text).unwrap();
    }
    dir
}

fn edges_fixture() -> PathBuf {
    repo().join("tests/fixtures/browser-edges")
}

/// Sets up what the browser tests need, once per run; fails at once, with
/// the command to run, when it cannot.
fn require_browser() {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(why) = READY.get_or_init(|| {
        node_modules()?;
        chromium()
    }) {
        panic!("{why}");
    }
}

/// The Node packages that drive the browser, installed from the lock file
/// when one is missing.
fn node_modules() -> Result<(), String> {
    let modules = repo().join("tests/browser/node_modules");
    let installed = ["playwright-core", "axe-core", "vnu-jar"]
        .iter()
        .all(|name| modules.join(name).join("package.json").is_file());
    if installed {
        return Ok(());
    }
    println!("Installing the browser tests' Node packages (npm ci --prefix tests/browser)");
    let status = Command::new("npm")
        .args(["ci", "--prefix", "tests/browser", "--no-audit", "--no-fund"])
        .current_dir(repo())
        .status();
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!(
            "`npm ci --prefix tests/browser` failed ({status}); run it to see why"
        )),
        Err(_) => Err("the browser tests need Node.js 20+ with npm; install it with:\n    sudo apt-get install -y nodejs npm".into()),
    }
}

/// Chromium at `GLOSS_CHROMIUM` or /usr/bin/chromium, installed with apt
/// where this user may install packages.
fn chromium() -> Result<(), String> {
    if let Some(path) = std::env::var_os("GLOSS_CHROMIUM") {
        return match Path::new(&path).is_file() {
            true => Ok(()),
            false => Err(format!(
                "GLOSS_CHROMIUM names no file: {}",
                path.to_string_lossy()
            )),
        };
    }
    if Path::new("/usr/bin/chromium").is_file() {
        return Ok(());
    }
    let command = "sudo apt-get install -y chromium";
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let sudo = !root
        && Command::new("sudo")
            .args(["-n", "true"])
            .status()
            .is_ok_and(|s| s.success());
    if !root && !sudo {
        return Err(format!(
            "the browser tests need Chromium; install it with:\n    {command}"
        ));
    }
    println!("Installing Chromium for the browser tests (apt-get install chromium)");
    let apt = |args: &[&str]| {
        let mut cmd = Command::new(if root { "apt-get" } else { "sudo" });
        if !root {
            cmd.args(["-n", "apt-get"]);
        }
        cmd.args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if apt(&["update", "-qq"]) && apt(&["install", "-y", "-qq", "chromium"]) {
        Ok(())
    } else {
        Err(format!(
            "installing Chromium with apt failed; install it with:\n    {command}"
        ))
    }
}

/// Builds the site at `root` into a new temporary folder; returns (guard, output dir).
fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let output = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("run gloss build");
    assert!(
        output.status.success(),
        "gloss build --root {} failed:\n{}{}",
        root.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        out.join("index.html").is_file(),
        "no index.html in {}",
        out.display()
    );
    (dir, out)
}

/// Runs `node tests/browser/SCRIPT ARGS...`, prints its report, fails on a non-zero exit.
fn run_script(script: &str, args: &[&Path]) {
    require_browser();
    let _one_at_a_time = BROWSER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let path = repo().join("tests/browser").join(script);
    let started = Instant::now();
    let mut child = Command::new("node")
        .arg(&path)
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("could not run `node` ({e}): install Node.js 20 or newer"));

    // Drain both pipes on threads so a chatty script cannot block.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).ok();
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > SCRIPT_TIMEOUT {
            child.kill().ok();
            child.wait().ok();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (stdout, stderr) = (out.join().unwrap(), err.join().unwrap());
    println!(
        "$ node tests/browser/{script} ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    print!("{stdout}");
    if !stderr.is_empty() {
        eprint!("{stderr}");
    }
    let Some(status) = status else {
        panic!(
            "node tests/browser/{script} did not finish within {} s",
            SCRIPT_TIMEOUT.as_secs()
        );
    };
    if !status.success() {
        // Repeat the failures (FAIL lines and their indented details) in the panic message.
        let mut failures = String::new();
        let mut in_failure = false;
        for line in stdout.lines() {
            if line.starts_with("FAIL ") {
                in_failure = true;
            } else if !line.starts_with("     ") {
                in_failure = false;
            }
            if in_failure {
                failures.push_str(line);
                failures.push('\n');
            }
        }
        panic!(
            "node tests/browser/{script} failed ({status}):\n{failures}{}",
            stderr.trim_end()
        );
    }
}

/// A term's slug is its name, slugified as docs/site-layout.md says: lower
/// case, and anything but `a-z`, `0-9`, `-` and the letters of Arabic,
/// Chinese and Japanese becomes `-`.
fn slugify(text: &str) -> String {
    let unspelled = |c: char| {
        matches!(c as u32,
            0x0621..=0x063A | 0x0641..=0x064A | 0x0671..=0x06D3 | 0x06FA..=0x06FF
            | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF | 0xFF66..=0xFF9D | 0x20000..=0x3134F)
    };
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' => c,
            c if unspelled(c) => c,
            _ => '-',
        })
        .collect()
}

/// Title and annotations of every article (non-draft Markdown outside
/// `content/entities/`) of the site at `root`, as JSON for `no-script.mjs`.
fn annotations_json(root: &Path, into: &Path) -> PathBuf {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    let content = root.join("content");
    let mut files = Vec::new();
    walk(&content, &mut files);
    files.sort();
    let mut articles = Vec::new();
    for file in files {
        if file.starts_with(content.join("entities")) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let Some(rest) = text.strip_prefix("---") else {
            continue;
        };
        let end = rest
            .find("\n---")
            .unwrap_or_else(|| panic!("{}: front matter is not closed", file.display()));
        let front: serde_yaml::Value = serde_yaml::from_str(&rest[..end])
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if front["draft"].as_bool() == Some(true) {
            continue;
        }
        let title = front["title"].as_str().unwrap_or_default();
        let mut annotations = Vec::new();
        for item in front["annotations"].as_sequence().into_iter().flatten() {
            let (kind, slug) = match item {
                serde_yaml::Value::String(slug) => ("entity", slug.as_str()),
                _ if item["term"].is_string() => ("term", item["term"].as_str().unwrap()),
                _ => ("entity", item["entity"].as_str().unwrap_or_default()),
            };
            annotations.push(serde_json::json!({ "kind": kind, "slug": slugify(slug) }));
        }
        articles.push(serde_json::json!({ "title": title, "annotations": annotations }));
    }
    assert!(
        !articles.is_empty(),
        "no article under {}",
        content.display()
    );
    let path = into.join("annotations.json");
    std::fs::write(&path, serde_json::to_string_pretty(&articles).unwrap()).unwrap();
    path
}

/// Hover, focus, Escape, touch, viewport containment, aria-expanded and focus
/// ring, no requests to other hosts and no console errors on every page; the
/// card checks again on the Arabic edition, right to left, where a card opens
/// at its mention's right edge.
#[test]
fn browser_glossary_cards_behave() {
    require_browser();
    let (_example_dir, example) = build(repo());
    let (_edges_dir, edges) = build(&edges_fixture());
    run_script("behaviour.mjs", &[&example, &edges]);
}

/// A page with a lead picture, pictures in its text and an embed does not
/// move while it loads, asks nothing of another host before the click, and
/// shows the player after it.
#[test]
fn browser_pictures_hold_their_place_and_embeds_wait_for_the_reader() {
    require_browser();
    let fixture = pictures_fixture();
    let (_dir, site) = build(fixture.path());
    // `GLOSS_SCREENSHOTS=DIR` saves the article at 390 and 1366 px there.
    let shots = std::env::var_os("GLOSS_SCREENSHOTS").map(PathBuf::from);
    let mut args = vec![site.as_path(), Path::new("/articles/harbor/")];
    args.extend(shots.as_deref());
    run_script("pictures.mjs", &args);
}

/// axe-core finds no serious or critical violation on the index, an article
/// (also with a card open), an entity page and the entity index, light and
/// dark; and no violation at all on the same pages of the Arabic edition.
#[test]
fn browser_axe_audit_finds_no_serious_violation() {
    require_browser();
    let (_example_dir, example) = build(repo());
    run_script("axe.mjs", &[&example]);
}

/// The Nu HTML Checker (the `vnu-jar` package, run on Java) finds no error
/// on any page of the example site.
#[test]
fn every_page_of_the_example_site_passes_the_nu_html_checker() {
    require_browser();
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|out| out.status.success()) {
        panic!("the HTML check needs Java; install it with:\n    sudo apt-get install -y default-jre-headless");
    }
    let (_example_dir, example) = build(repo());
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(&example)
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(pages.len() > 40, "{} pages", pages.len());
    let jar = repo().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "text"])
        .args(&pages)
        .output()
        .expect("run the Nu HTML Checker");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // It exits 1 on any error, and says so with each page's line and column.
    assert!(
        out.status.success() && !report.to_lowercase().contains("error:"),
        "{report}"
    );
}

/// With JavaScript off, mentions are links, cards are hidden and "Who's who"
/// lists every annotation.
#[test]
fn browser_search_finds_entities_and_explainers_offline() {
    let (_guard, example) = build(repo());
    run_script("search.mjs", &[&example]);
}

/// The reader's own edition's results come first, then the other
/// editions' explainers, marked with their language and read only after;
/// Chinese typed without spaces and Arabic typed with or without its marks
/// find their articles.
#[test]
fn browser_search_puts_the_readers_edition_first_and_reads_every_script() {
    require_browser();
    let (_example_dir, example) = build(repo());
    let fixture = scripts_fixture();
    let (_scripts_dir, scripts) = build(fixture.path());
    run_script("search-editions.mjs", &[&example, &scripts]);
}

#[test]
fn browser_without_javascript_keeps_the_information() {
    require_browser();
    let (example_dir, example) = build(repo());
    let (edges_dir, edges) = build(&edges_fixture());
    let example_json = annotations_json(repo(), example_dir.path());
    let edges_json = annotations_json(&edges_fixture(), edges_dir.path());
    run_script(
        "no-script.mjs",
        &[&example, &example_json, &edges, &edges_json],
    );
}

/// Copies `from` into `to` recursively (files and folders only).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A running `gloss serve --port 0`, killed on drop; its output is kept for
/// failure reports.
struct Serve {
    child: std::process::Child,
    url: String,
    log: std::sync::Arc<Mutex<String>>,
}

impl Serve {
    fn start(root: &Path) -> Serve {
        use std::io::{BufRead, BufReader};
        let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run gloss serve");
        let log = std::sync::Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        {
            let log = std::sync::Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    if let Some(url) = line
                        .split_whitespace()
                        .find(|word| word.starts_with("http://127.0.0.1:"))
                    {
                        let _ = tx.send(url.to_string());
                    }
                    let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        {
            let log = std::sync::Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let mut server = Serve {
            child,
            url: String::new(),
            log,
        };
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(url) => server.url = url,
            Err(_) => panic!(
                "gloss serve --root {} printed no `http://127.0.0.1:PORT/` within 30 s:\n{}",
                root.display(),
                server.log()
            ),
        }
        server
    }

    fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `gloss serve` live reload: an edit to an article reloads the open page by
/// itself at the same scroll position; a broken front matter shows the error
/// overlay over the last good page; restoring the file removes it.
#[test]
fn browser_serve_reloads_on_edit_and_shows_the_error_overlay() {
    require_browser();
    let site = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &site.path().join("content"));
    std::fs::copy(repo().join("site.yaml"), site.path().join("site.yaml")).unwrap();
    let article = site
        .path()
        .join("content/articles/ceasefire-talks-egypt.md");
    let server = Serve::start(site.path());
    let outcome = std::panic::catch_unwind(|| {
        run_script("reload.mjs", &[Path::new(&server.url), &article]);
    });
    println!("$ gloss serve output:\n{}", server.log());
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

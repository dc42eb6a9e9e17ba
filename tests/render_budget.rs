//! A budget for every page render (`render_limits` in site.yaml): a
//! template that runs, writes or grows without end is stopped with error
//! G0404, which names the template, the page and the limit, instead of
//! hanging the build or taking the machine's memory; includes that
//! multiply are refused before rendering (G0405). One test per case of
//! issue 21, each with limits low enough to fail in a second or two.

mod common;
use common::output::leftovers;
use common::*;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A site of `articles` articles whose `article.html` fills its content
/// block with `content`, under the `render_limits` given (YAML flow map).
fn site_with(articles: usize, limits: &str, content: &str) -> TestSite {
    let mut site = TestSite::new()
        .file("site.yaml", &format!("render_limits: {limits}\n"))
        .file(
            "templates/article.html",
            &format!("{{% extends \"base.html\" %}}\n{{% block content %}}\n{content}\n{{% endblock content %}}\n"),
        );
    for i in 0..articles {
        site = site.article(&format!("a{i}"), "", "Text.");
    }
    site
}

/// The one G0404 of a failed build.
fn budget_error(site: &TestSite) -> gloss::Diagnostic {
    only(&site.build_err(), "G0404").clone()
}

/// `gloss build` of `site` into `SITE/public`, as a user runs it: with the
/// binary's counting allocator, which the memory limit needs.
fn gloss_build(site: &TestSite) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(site.root().join("public"))
        .output()
        .expect("gloss runs")
}

#[track_caller]
fn assert_names_limit(e: &gloss::Diagnostic, template: &str, page: &str, key: &str) {
    assert!(e.message.contains(&format!("`{template}`")), "{e}");
    assert!(e.message.contains(page), "{e}");
    assert!(e.message.contains(&format!("render_limits.{key}")), "{e}");
    assert!(e.help.as_deref().is_some_and(|h| !h.is_empty()), "{e}");
}

#[test]
fn a_loop_inside_a_loop_over_range_stops_at_the_time_limit() {
    let site = site_with(
        1,
        "{ seconds: 1 }",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    let started = Instant::now();
    let e = budget_error(&site);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "stopped promptly"
    );
    assert_names_limit(&e, "article.html", "/articles/a0/", "seconds");
    assert!(e.message.contains("took longer than 1 s"), "{e}");
    // The caret is on the loop the render was in.
    assert_eq!(e.path, Path::new("templates/article.html"));
    assert_eq!(e.line_col().map(|(line, _)| line), Some(3), "{e}");
}

#[test]
fn a_loop_that_writes_now_and_then_stops_at_the_time_limit() {
    // One `range`, made once: only the writes see the clock.
    let site = site_with(
        1,
        "{ seconds: 1 }",
        "{% set r = range(end=100000) %}{% for i in r %}{% for j in r %}{% if j == 0 %}.{% endif %}{% endfor %}{% endfor %}",
    );
    let e = budget_error(&site);
    assert_names_limit(&e, "article.html", "/articles/a0/", "seconds");
    assert_eq!(e.path, Path::new("templates/article.html"));
}

#[test]
fn templates_that_include_the_next_one_twice_forty_deep_are_refused_before_rendering() {
    let mut site = site_with(1, "{ seconds: 1 }", "{% include \"t0.html\" %}");
    for i in 0..40 {
        // No text at all between the includes: nothing is ever written.
        let next = format!("{{% include \"t{}.html\" %}}", i + 1);
        site = site.file(&format!("templates/t{i}.html"), &next.repeat(2));
    }
    let site = site.file("templates/t40.html", "");
    let e = only(&site.build_err(), "G0405").clone();
    // t27 is the first level that renders more than 10,000 templates.
    assert_eq!(e.path, Path::new("templates/t27.html"));
    assert_eq!(e.line_col(), Some((1, 12)), "{e}");
    assert!(
        e.message.contains("16383") && e.message.contains("10000"),
        "{e}"
    );
    assert!(e.help.unwrap().contains("`t28.html` is included 2 times"));
}

#[test]
fn components_that_call_the_next_ten_times_are_refused_before_rendering() {
    let mut components = String::from("{% component c5() %}.{% endcomponent c5 %}\n");
    for i in 0..5 {
        let call = format!("{{{{ <c{} /> }}}}", i + 1);
        components.push_str(&format!(
            "{{% component c{i}() %}}{}{{% endcomponent c{i} %}}\n",
            call.repeat(10)
        ));
    }
    let site =
        site_with(1, "{ seconds: 1 }", "{{ <c0 /> }}").file("templates/dots.html", &components);
    let e = only(&site.build_err(), "G0405").clone();
    assert_eq!(e.path, Path::new("templates/dots.html"));
    // c1 renders 1 + 10 + 100 + 1000 + 10000 components.
    assert!(e.message.contains("`c1` renders 11111"), "{e}");
}

#[test]
fn a_page_larger_than_the_output_limit_is_an_error() {
    let site = site_with(
        1,
        "{ output_mib: 1 }",
        "{% for i in range(end=100000) %}<p>{{ article.title }} is repeated here.</p>{% endfor %}",
    );
    let e = budget_error(&site);
    assert_names_limit(&e, "article.html", "/articles/a0/", "output_mib");
    assert!(e.message.contains("wrote more than 1 MiB"), "{e}");
    assert_eq!(e.path, Path::new("templates/article.html"));
}

#[test]
fn a_string_doubled_forty_times_stops_at_the_memory_limit_and_nothing_is_written() {
    // One statement a line, as the template had them: the line
    // breaks between them are writes, which see the memory held.
    let mut content = String::from("{% set_global s = \"x\" %}\n");
    content.push_str(&"{% set_global s = s ~ s %}\n".repeat(40));
    content.push_str("{{ s | length }}");
    let site = site_with(1, "{ memory_mib: 64 }", &content);
    let out = gloss_build(&site);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[G0404]"), "{err}");
    assert!(err.contains("held more than 64 MiB of memory"), "{err}");
    assert!(
        err.contains("/articles/a0/") && err.contains("templates/article.html"),
        "{err}"
    );
    assert!(!site.root().join("public").exists());
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn a_string_doubled_with_nothing_written_between_is_stopped_before_the_machine_runs_out() {
    // Whitespace control leaves no write between the steps for the budget
    // to see: at four times the limit the allocator stops the build itself.
    let mut content = String::from("{%- set_global s = \"xxxxxxxxxxxxxxxx\" -%}");
    content.push_str(&"{%- set_global s = s ~ s -%}".repeat(40));
    content.push_str("{{ s | length }}");
    let site = site_with(1, "{ memory_mib: 64 }", &content);
    let out = gloss_build(&site);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[G0404]"), "{err}");
    assert!(
        err.contains("four times its memory limit of 64 MiB"),
        "{err}"
    );
    assert!(
        err.contains("/articles/a0/") && err.contains("`article.html`"),
        "{err}"
    );
    assert!(!site.root().join("public").exists());
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn a_loop_that_writes_nothing_over_a_list_it_holds_is_stopped_at_twice_the_time_limit() {
    // No write and no call of gloss's inside: only the watchdog sees it.
    let content = "{%- set r = range(end=100000) -%}{%- for i in r -%}{%- for j in r -%}{%- endfor -%}{%- endfor -%}";
    let site = site_with(1, "{ seconds: 1 }", content);
    let started = Instant::now();
    let out = gloss_build(&site);
    let took = started.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[G0404]") && err.contains("twice its time limit of 1 s"),
        "{err}"
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(!site.root().join("public").exists());
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn once_a_page_is_over_budget_the_pages_not_yet_started_are_not_rendered() {
    let site = site_with(
        24,
        "{ seconds: 1 }",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    let started = Instant::now();
    let errors = site.build_err();
    // 24 pages one after the other would take 24 s on one thread.
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        errors.iter().filter(|d| d.code == "G0404").count(),
        1,
        "{errors:#?}"
    );
}

#[test]
fn pages_within_the_limits_build_as_before() {
    let site = site_with(
        3,
        "{ seconds: 5, output_mib: 1, memory_mib: 64 }",
        "{% for i in range(end=100) %}<p>{{ i }}</p>{% endfor %}",
    );
    let built = site.build_ok();
    assert_eq!(select(&built.article("a2"), "main p").len(), 100);
}

#[test]
fn a_limit_of_zero_or_an_unknown_limit_is_an_error_at_its_line() {
    let zero = TestSite::new()
        .file("site.yaml", "title: T\nrender_limits:\n  seconds: 0\n")
        .article("a", "", "Text.");
    let e = only(&zero.build_err(), "G0105").clone();
    assert_eq!(e.line_col(), Some((3, 3)), "{e}");
    assert!(e.message.contains("render_limits.seconds"), "{e}");

    let unknown = TestSite::new()
        .file("site.yaml", "render_limits: { minutes: 3 }\n")
        .article("a", "", "Text.");
    let e = only(&unknown.build_err(), "G0105").clone();
    assert!(e.message.contains("minutes"), "{e}");
    assert!(e.help.unwrap().contains("seconds"));
}

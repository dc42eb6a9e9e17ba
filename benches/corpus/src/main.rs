//! `gloss-corpus --format gloss|hugo|zola|truth OUT [--articles N] [--entities M] [--seed S] [--languages en,ar,es]`

use std::path::PathBuf;
use std::process::ExitCode;

use gloss_corpus::{Format, Lang, Options};

const USAGE: &str = "\
usage: gloss-corpus --format gloss|hugo|zola|truth OUT [--articles N] [--entities M] [--seed S]
                    [--languages en,ar,es]

Writes a generated corpus of news explainers into OUT (replaced).
  --format F      gloss, hugo, zola, or truth (what a correct build must show)
  --articles N    number of articles (default 1000, at least 1)
  --entities M    number of entities (default articles/20, at least 50; 2 to 100000)
  --seed S        random seed (default 1); same seed, same bytes
  --languages L   editions, English first: en,ar,es writes beside every entity and
                  article its Arabic and Spanish translation (gloss format only)";

struct Args {
    format: Format,
    out: PathBuf,
    options: Options,
    /// The editions besides English.
    langs: Vec<Lang>,
}

/// `en,ar,es`: English first, then each other language once.
fn languages(value: Option<String>) -> Result<Vec<Lang>, String> {
    let value = value.ok_or("--languages needs a value")?;
    let mut codes = value.split(',');
    if codes.next() != Some("en") {
        return Err(format!("--languages `{value}`: the first edition is en"));
    }
    let mut langs = Vec::new();
    for code in codes {
        let lang = Lang::from_code(code).ok_or(format!(
            "--languages: no words for `{code}` (en, ar and es)"
        ))?;
        if langs.contains(&lang) {
            return Err(format!("--languages: `{code}` twice"));
        }
        langs.push(lang);
    }
    Ok(langs)
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut format = None;
    let mut out = None;
    let mut options = Options::default();
    let mut langs = Vec::new();
    let number = |flag: &str, value: Option<String>| -> Result<u64, String> {
        let value = value.ok_or(format!("{flag} needs a value"))?;
        value
            .parse()
            .map_err(|_| format!("{flag}: `{value}` is not a number"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => {
                let name = args.next().ok_or("--format needs a value")?;
                format = Some(Format::from_name(&name).ok_or(format!("unknown format `{name}`"))?);
            }
            "--articles" | "-n" => options.articles = number(&arg, args.next())? as usize,
            "--entities" | "-m" => options.entities = Some(number(&arg, args.next())? as usize),
            "--seed" => options.seed = number(&arg, args.next())?,
            "--languages" => langs = languages(args.next())?,
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option `{flag}`"))
            }
            _ if out.is_none() => out = Some(PathBuf::from(arg)),
            _ => return Err(format!("one output folder only, not also `{arg}`")),
        }
    }
    let format = format.ok_or("--format is required")?;
    let out = out.ok_or("the output folder is required")?;
    if options.articles < 1 || options.entity_count() < 2 {
        return Err("need at least 1 article and 2 entities".into());
    }
    if !langs.is_empty() && format != Format::Gloss {
        return Err("--languages is for the gloss format only".into());
    }
    Ok(Args {
        format,
        out,
        options,
        langs,
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let args = match parse(args.into_iter()) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("gloss-corpus: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let corpus = match gloss_corpus::try_generate(&args.options) {
        Ok(corpus) => corpus,
        Err(message) => {
            eprintln!("gloss-corpus: {message}");
            return ExitCode::from(2);
        }
    };
    let written = if args.langs.is_empty() {
        gloss_corpus::write(&corpus, args.format, &args.out)
    } else {
        gloss_corpus::write_editions(&corpus, &args.langs, &args.out)
    };
    if let Err(e) = written {
        eprintln!("gloss-corpus: writing {}: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    let n = corpus.articles.len();
    eprintln!(
        "{}: {n} articles ({} words avg), {} entities -> {}",
        args.format.name(),
        corpus.body_words() / n,
        corpus.entities.len(),
        args.out.display()
    );
    ExitCode::SUCCESS
}
